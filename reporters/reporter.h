// Reporters turn a scan's findings into one output format. One subclass per format.
// A reporter is used by one thread (the collector); it does not own the stream.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/status.h"
#include "scanner/finding.h"

namespace keysift::reporters {

enum class Format { text, json, jsonl, sarif, gitlab, junit, csv };

Result<Format> parse_format(std::string_view name);

// What the json report of one shard of a history audit (`keysift git --shard I/N`) adds
// for `keysift report merge` (cli/report_merge.h): which shard, of which audit (the
// walk's digest, the rule set's, keysift's version), each catalog entry's place in walk
// order, and the help text of the rules that fired (SARIF shows it; the json does not).
// A shard's json report always lists the allowed findings: the merge regroups them.
struct ShardSection {
  std::uint32_t index = 0, count = 1;
  std::string walk, rules, version;
  bool show_allowed = false; // what the user asked: the merged report lists them if so
  std::vector<std::pair<std::string, std::uint64_t>> ranks; // commit or tag id -> rank
  std::vector<std::pair<std::string, std::string>> help;    // rule id -> help
};

struct ReportOptions {
  bool show_secrets = false; // false: secrets are redacted (first 4 characters kept)
  bool color = false;        // text only: ANSI colours
  std::string tool_version;  // SARIF tool.driver.version, GitLab scan.analyzer.version
  // GitLab: the commit a finding that names none belongs to (the CLI passes CI_COMMIT_SHA).
  std::string default_commit;
  // SARIF: GitHub's limits on one run (reporters/sarif_limits.h); tests lower them.
  std::size_t sarif_max_results = 25'000;
  std::size_t sarif_max_gzip_bytes = 10'000'000;
  bool show_allowed =
      false; // also list ScanReport::allowed (what the policy waved through)
  // json: a shard's section, filled by the command once the scan is done (null: none).
  std::shared_ptr<const ShardSection> shard;
};

class Reporter {
public:
  virtual ~Reporter() = default;
  // Called as each finding is confirmed, in no particular order (streaming formats
  // write here; others ignore it). `context` is the report so far: its rules and catalog
  // describe what the finding refers to.
  virtual void on_finding(const scanner::Finding& finding,
                          const scanner::ScanReport& context) = 0;
  // Called once at the end with the sorted report.
  virtual void finish(const scanner::ScanReport& report) = 0;
  // Ok, or why the report is incomplete: the stream failed (a closed pipe, a full disk)
  // or an internal error was caught. Reporters never throw; check this after finish()
  // and treat a failure as an error exit (never claim clean).
  virtual Status status() const { return Status::ok(); }
};

std::unique_ptr<Reporter> make_reporter(Format format, std::ostream& out,
                                        const ReportOptions& options);

} // namespace keysift::reporters
