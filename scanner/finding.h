// What a scan produces: findings, input errors and statistics. Plain data, shared by
// the engine, the sources and the reporters. Not thread-safe to mutate.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace keysift::scanner {

// Where bytes came from. `path` is always set (a file path, "-" for stdin, a path in a
// commit or an image layer). `attrs` carries the extra flat fields a source adds
// (commit, author, email, date, message, image, layer, …), in the order they are shown.
struct Provenance {
  std::string path;
  std::vector<std::pair<std::string, std::string>> attrs;
};

struct Finding {
  std::string rule_id;
  std::string description;
  std::string severity;
  std::vector<std::string> tags;
  Provenance provenance;
  // Location of the secret, 1-based; columns count bytes; end is inclusive.
  std::uint64_t line = 0, column = 0, end_line = 0, end_column = 0;
  std::uint64_t offset = 0; // byte offset of the secret in the input
  std::uint64_t size = 0;   // input bytes it covers (the encoded text, for a decoded one)
  std::string secret;       // never redacted here: reporters redact
  std::string match;        // the whole rule match
  std::string line_text;    // the input line holding the secret's start (capped)
  std::uint64_t line_text_column = 0; // 1-based column in line_text where the secret starts
  double entropy = 0.0;
  std::string fingerprint; // stable: rule, path, secret (not the line)
  // Other places where the same bytes were seen (a git blob at several commits or
  // paths); `provenance` is the first. Empty for most sources.
  std::vector<Provenance> locations;
};

struct InputError {
  std::string path;
  std::string reason;
};

struct ScanStats {
  std::uint64_t files_scanned = 0;
  std::uint64_t bytes_scanned = 0;
  std::map<std::string, std::uint64_t> skipped; // reason -> count ("binary", "symlink", …)
  std::uint64_t rules = 0;
  double seconds = 0.0;
};

struct RuleInfo {
  std::string id;
  std::string description;
  std::string severity;
  std::vector<std::string> tags;
};

// Everything a reporter needs at the end of a run. Findings are sorted by
// (path, line, column, rule_id).
struct ScanReport {
  std::vector<Finding> findings;
  std::vector<InputError> errors;
  ScanStats stats;
  std::vector<RuleInfo> rules; // every loaded rule, in id order
};

// Orders findings for output: path, line, column, rule id, then secret.
bool finding_less(const Finding& a, const Finding& b);

} // namespace keysift::scanner
