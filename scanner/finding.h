// What a scan produces: findings, input errors and statistics. Plain data, shared by
// the engine, the sources and the reporters. A finding names its rule by index into the
// report's rule set and shares its chunk's Origin: neither is copied per finding. Not
// thread-safe to mutate.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "rules/status.h"
#include "scanner/provenance.h"

namespace keysift::scanner {

// Why the suppression stage (policy/suppressor.h) waved a finding through.
struct Allowance {
  std::string kind;   // comment | allowlist | ignore-file | gitleaksignore | baseline
  std::string by;     // what allowed it: "keysift:allow github-pat", "FILE:LINE", …
  std::string reason; // the reason written with it, if any
};

struct Finding {
  std::uint32_t rule = 0; // index into the rule set (id order): ScanReport::rule()
  OriginRef origin;       // where the bytes came from, shared with the chunk
  // Location of the secret, 1-based; columns count bytes; end is inclusive.
  std::uint64_t line = 0, column = 0, end_line = 0, end_column = 0;
  std::uint64_t offset = 0; // byte offset of the secret in the input
  std::uint64_t size = 0;   // input bytes it covers (the encoded text, for a decoded one)
  std::string secret;       // never redacted here: reporters redact
  std::string match;        // the whole rule match
  std::string line_text;    // the input line holding the secret's start (capped)
  std::uint64_t line_text_column = 0; // 1-based column in line_text where the secret starts
  // For a match that spans lines (a PEM block): the line before the match and the match's
  // first line (each capped like line_text), where an allow comment also counts.
  std::string lead_lines;
  double entropy = 0.0;
  // Where the finding sits: "test", "docs", "example" or "" (lang/file_kind.h). Such
  // findings are reported like any other; a gate may leave them out of the exit code.
  std::string context;
  // content_fingerprint(rule id, secret): the same wherever and however the secret
  // appears (moved, reformatted, renamed, rebased); another secret, another print.
  std::string fingerprint;
  // The encodings the secret was found under, innermost first (empty: none).
  std::vector<std::string> decoded;
  Allowance allowed; // kind empty: not allowed (reported)
  // A finding of a rule whose value must be a literal, made before its path was known (a
  // history blob): the language its content alone gives (a #! line), until
  // Confirmer::finish_deferred judges the value in the path's language. -1: not pending.
  std::int8_t pending_language = -1;

  // The first place of origin ("" when the finding has none).
  std::string_view path() const;
};

// The kinds of gap (InputError::kind) live beside Status (rules/status.h), so that a
// reader below the engine (codec/) can name them; scanner::gap:: is the same namespace.
namespace gap = keysift::gap;

struct InputError {
  std::string path;
  std::string reason;
  std::string kind = gap::error; // a gap:: kind
};

// What a run was asked to cover (set by the command) and how much of it a source
// expected to read ("commits": 40, "layers": 7), for the coverage account.
struct Requested {
  std::string mode;                 // "scan", "git staged", "git range", "image", …
  std::vector<std::string> targets; // paths, the range, the refs, the image
  std::map<std::string, std::uint64_t> units;
};

struct ScanStats {
  std::uint64_t files_scanned = 0; // inputs (files, blobs, diff runs, layer files) scanned
  std::uint64_t bytes_scanned = 0;
  std::map<std::string, std::uint64_t> skipped; // reason -> count ("binary", "symlink", …)
  Requested requested;
  std::map<std::string, std::uint64_t> scanned; // unit -> count read whole ("commits", …)
  // The verdict the command reached (cli/report.h): "complete", "partial" (gaps, all of
  // kinds --allow-partial accepts), "incomplete" or "failed". Empty until then.
  std::string status;
  std::vector<std::string> allowed_gaps; // the kinds --allow-partial accepted
  std::uint64_t rules = 0;
  double seconds = 0.0;
  // When the command ran the scan (Unix time in milliseconds; 0: not recorded, as in a
  // report made by a library call) and the CPU time the process spent on it.
  std::int64_t started_ms = 0, ended_ms = 0;
  double cpu_seconds = 0.0;
  std::map<std::string, std::uint64_t> allowed; // Allowance::kind -> findings waved through
  // Candidates dropped because they failed their rule's format check (checksum): a
  // look-alike such as a made-up token. Not written in reports.
  std::uint64_t format_rejects = 0;
};

// Something the suppression stage reports about its own inputs: a baseline entry that
// expired (its finding is reported again), or that matched nothing in a complete run.
struct PolicyNote {
  std::string kind;        // expired | unused
  std::string where;       // FILE:LINE of the entry
  std::string fingerprint; // or the entry's text, for a .gitleaksignore line
  std::string detail;      // e.g. the expiry date
};

// Everything a reporter needs at the end of a run. Findings are sorted by
// (path, line, column, rule).
struct ScanReport {
  std::vector<Finding> findings;
  std::vector<InputError> errors;
  ScanStats stats;
  // Every loaded rule, in id order; Finding::rule indexes it.
  std::shared_ptr<const rules::RuleSet> rules;
  Catalog catalog;              // the commits and images locations refer to
  std::vector<Finding> allowed; // findings the suppression stage waved through, sorted
  std::vector<PolicyNote> notes;

  const rules::Rule& rule(const Finding& f) const { return rules->rules[f.rule]; }
};

// A finding's fingerprint: "RULE-ID@" and 32 hex digits of a SHA-256 over the rule id
// and the secret (never the path, the line or the secret itself). Baselines, ignore
// files and SARIF partialFingerprints key on it. The digest is domain-separated
// ("keysift-fp-v1") and salted with the rule id, so it matches no other tool's hash of
// the same value; it is not a defence for a weak password (whose finding is in the same
// repository as the baseline that records it anyway). '@', not ':': "aws-secret-key:"
// and 32 hex digits reads as a credential assignment to keysift's generic rules and to
// gitleaks' (a baseline, a report or a log of one would be flagged by both).
std::string content_fingerprint(std::string_view rule_id, std::string_view secret);

// Orders findings for output: path, line, column, rule, then secret.
bool finding_less(const Finding& a, const Finding& b);

// The report's gaps: kind -> number of errors of that kind.
std::map<std::string, std::uint64_t> gaps_by_kind(const ScanReport& report);

} // namespace keysift::scanner
