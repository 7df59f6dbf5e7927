// The suppression stage: one place, after the confirmer, that decides whether a finding
// is reported or waved through, and says why. In order:
//   1. an allow comment (policy/allow_comment.h) on the secret's line, or for a match
//      spanning lines on its first line or the line before it (Finding::lead_lines);
//   2. the project's allowlists (policy/project_config.h): path globs and regexes,
//      regexes on the secret, match or line, stopwords, commits, scoped to rules, with
//      condition any or all;
//   3. .keysiftignore fingerprints;
//   4. .gitleaksignore positions (gitleaks rule ids mapped to keysift's);
//   5. baseline entries (policy/baseline.h): fingerprint, optional path glob, expiry.
// Paths are matched relative to the root the project config sits in. A baseline entry
// past its `expires` date suppresses nothing, and the run says so. Every entry that
// waved something through is remembered, so that a complete run can report (and
// --prune-baseline drop) the entries that matched nothing.
//
// Thread-safety: skip_path() is thread-safe (the gate calls it from the source thread).
// allow() and apply() update the record of used entries: call them from one thread at a
// time (the pipeline's collector, then the CLI).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policy/baseline.h"
#include "policy/gitleaks_ignore.h"
#include "policy/project_config.h"
#include "scanner/compiled_rules.h"
#include "scanner/finding.h"

namespace keysift::policy {

struct SuppressionInputs {
  std::vector<PolicyAllowlist> allowlists;
  std::vector<Baseline> baselines;    // --baseline, the config's `baseline`
  std::vector<Baseline> ignore_files; // .keysiftignore
  std::vector<GitleaksIgnore> gitleaks_ignores;
  std::string root;  // paths are made relative to it ("" or ".": already relative)
  std::string today; // YYYY-MM-DD (UTC): entries that expired before it do not apply
  bool allow_comments = true; // false for logs: a line of output is no source's comment
};

class Suppressor {
public:
  // Globs were checked when the config was read; one that does not translate is dropped.
  explicit Suppressor(SuppressionInputs inputs);
  ~Suppressor();
  Suppressor(const Suppressor&) = delete;
  Suppressor& operator=(const Suppressor&) = delete;

  // Whether the gate may skip a whole file: an allowlist for every rule, with any
  // condition, whose globs match `path`. Thread-safe.
  bool skip_path(std::string_view path) const;

  // Decides one finding; sets f.allowed when it is waved through. Idempotent. `context`
  // is the report the finding belongs to (so far): its rules and catalog name the
  // finding's rule and commit.
  bool allow(scanner::Finding& f, const scanner::ScanReport& context);

  // Moves the allowed findings of a finished report to report.allowed, counts them in
  // report.stats.allowed, and adds notes: expired entries that matched a finding, and,
  // when `report_unused`, every entry that matched nothing.
  void apply(scanner::ScanReport& report, bool report_unused);

  // The baseline entries that matched something (for --prune-baseline), by file index.
  bool baseline_entry_used(std::size_t baseline, std::size_t entry) const;
  // Whether a fingerprint has an expired entry (--update-baseline must not renew it).
  bool has_expired_entry(const std::string& fingerprint) const;

  const SuppressionInputs& inputs() const { return inputs_; }

private:
  struct CompiledList;
  struct Ref {
    std::size_t file = 0, entry = 0;
    auto operator<=>(const Ref&) const = default;
  };

  struct Seen; // what the stage knows of a finding: rule id, relative path, commit

  bool by_comment(scanner::Finding& f, const Seen& seen) const;
  bool by_allowlist(scanner::Finding& f, const Seen& seen) const;
  bool by_ignore_file(scanner::Finding& f);
  bool by_gitleaks_ignore(scanner::Finding& f, const Seen& seen);
  bool by_baseline(scanner::Finding& f, const Seen& seen);
  void note_unused(std::vector<scanner::PolicyNote>& notes) const;

  SuppressionInputs inputs_;
  std::vector<std::unique_ptr<CompiledList>> lists_;
  std::vector<scanner::LazyRegexes> entry_globs_; // per baseline: per entry (null: none)
  std::unordered_map<std::string, std::vector<Ref>> by_fingerprint_; // baselines
  std::unordered_map<std::string, std::vector<Ref>> ignored_;        // .keysiftignore
  std::unordered_map<std::string, std::vector<Ref>> positions_;      // "path\nline"
  std::vector<std::vector<std::vector<std::string>>> gl_rules_;      // mapped rule ids
  std::set<Ref> used_baseline_, used_ignore_, used_gitleaks_, expired_hit_;
};

} // namespace keysift::policy
