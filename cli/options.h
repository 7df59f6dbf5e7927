// Command-line options of each subcommand, filled by the parser in main.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace keysift::cli {

// Options every scanning command shares.
struct ScanOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;         // empty: stdout
  std::string config;         // empty: discover .keysift.toml
  std::string color = "auto"; // auto | always | never
  unsigned threads = 0;
  int exit_code = 1;
  bool show_secrets = false;
  bool scan_binary = false;
  bool no_progress = false;   // --no-progress: no progress line even on a terminal
  std::uint64_t max_size = 0; // --max-size: inputs larger than this many bytes are skipped
  std::uint64_t stream_threshold_mb = 64;
  int decode_depth = 2;
  // --allow-partial[=KINDS]: "" (no gap accepted), "true" (the bare flag) or "all", or
  // gap kinds separated by commas (scanner/finding.h): such gaps leave the scan
  // "partial" and the exit code 0.
  std::string allow_partial;
  // Findings in these contexts (test, docs, example) are reported but do not set the
  // findings exit code: --exempt-context, else .keysift.toml's [gate] exempt_contexts.
  std::vector<std::string> exempt_contexts;
  // Suppression (policy/suppressor.h) and baselines (policy/baseline.h).
  std::vector<std::string> baselines; // --baseline FILE (repeatable)
  bool update_baseline = false;       // add this run's findings to the first baseline
  bool prune_baseline = false;        // drop its entries that matched nothing
  bool report_unused = false;         // list entries that matched nothing
  bool fail_on_unused = false;        // ... and fail when there are any
  bool show_allowed = false;          // list the findings the policy waved through
  std::string baseline_reason;        // fields of the entries --update-baseline adds
  std::string approved_by;
  std::string expires;
};

struct RulesOptions {
  std::vector<std::string> files; // rules check: files to check (empty: the built-in pack)
  std::string config;
  std::string format = "text";
};

// Exit codes.
inline constexpr int exit_clean = 0;
inline constexpr int exit_findings = 1;
inline constexpr int exit_error = 2;
inline constexpr int exit_incomplete = 3; // no findings, but less was scanned than asked

int run_scan(const ScanOptions& options);
int run_rules_list(const RulesOptions& options);
int run_rules_check(const RulesOptions& options);

} // namespace keysift::cli
