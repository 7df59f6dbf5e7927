// Gate: the one place that decides whether an input is scanned at all. An input is
// skipped when its path is allowlisted (the rules' global allowlist, or a path the
// project's policy leaves out for every rule), when it looks binary (unless the run
// scans binaries) or when it is larger than the run's size limit. The Pipeline asks the
// gate about every chunk it is handed, whatever its source, with what it knows of the
// input (its path, its size, its first bytes) as it learns it; a source that must decide
// before it does costly work (a diff reads a blob before it computes the patch) or that
// learns a path late (a history audit scans blobs before it knows where they sit) asks
// the same gate through its ChunkSink or TaskContext. Skips are counted in
// ScanStats::skipped under skip_reason()'s words.
// Immutable once built: judge() is thread-safe (so must the options' path filter be).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "scanner/compiled_rules.h"
#include "scanner/provenance.h"

namespace keysift::scanner {

enum class Skip : std::uint8_t { none, allowlisted_path, binary, too_large };

// The words ScanStats::skipped counts a skip under: "allowlisted path", "binary",
// "too large" ("" for Skip::none).
std::string_view skip_reason(Skip skip);

struct GateOptions {
  bool scan_binary = false; // else inputs with a NUL in their first 8000 bytes are skipped
  std::uint64_t max_size =
      0; // inputs larger than this many bytes are skipped (0: no limit)
  // Paths to leave out besides the rules' global allowlist (the project's allowlists for
  // every rule); may be empty. Called from any thread.
  std::function<bool(std::string_view)> skip_path;
};

// What is known of an input when the gate is asked; what is not known is not judged.
struct GateInput {
  std::optional<std::string_view> path; // none for stdin, a message, a not-yet-placed blob
  std::optional<std::uint64_t> size;    // the whole input's size
  std::optional<std::string_view> head; // its first bytes (8000 are enough)
};

class Gate {
public:
  Gate() = default; // no path filter, no size limit, binaries skipped
  Gate(std::shared_ptr<const CompiledRules> rules, GateOptions options);

  // The first reason to skip the input (path, then size, then content), or Skip::none.
  Skip judge(const GateInput& input) const;

  bool scan_binary() const { return options_.scan_binary; }

  // The path an input at `where` is gated by: a file's, a blob's in a tree, an image
  // layer's file's; none for stdin, commit and tag messages, the image config and a
  // blob no commit reaches (no path a policy could name).
  static std::optional<std::string_view> path_of(const Location& where);

private:
  bool allowlisted(std::string_view path) const;

  std::shared_ptr<const CompiledRules> rules_; // for the global allowlist's paths
  GateOptions options_;
};

// Whether bytes look binary: a NUL in the first 8000 bytes (git's test).
bool looks_binary(std::string_view head);

} // namespace keysift::scanner
