// Running a source through the pipeline into a reporter, and the exit-code policy every
// scanning command shares.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/options.h"
#include "cli/policy_run.h"
#include "cli/progress.h"
#include "reporters/reporter.h"
#include "scanner/compiled_rules.h"
#include "scanner/pipeline.h"

namespace keysift::cli {

// Prints "keysift: error: MESSAGE" to stderr and returns exit_error.
int fail(const std::string& message);

// What a run that scanned nothing means. Paths that yield no bytes cannot be called
// clean (a typo, a tree of binaries): an error. A git diff (staged, a range, a push)
// whose index or commits were all evaluated and add no line is clean: there is nothing
// that could hold a secret, and the command says what it evaluated ("0 commits").
enum class EmptyRun { error, clean };

// A `transform`, when given, rewrites the finished report before it is written (e.g.
// grouping a history's findings); findings are then not streamed as they are confirmed.
// `policy` (cli/policy_run.h), when given, is the suppression stage: each finding it
// waves through goes to report.allowed instead of the findings; after the run it may
// add findings (config-weakened) and rewrite the baseline; with --fail-on-unused an
// unused entry makes the exit code that of findings.
using ReportTransform = std::function<void(scanner::ScanReport&)>;

// How a command's report is made: its format, what an empty run means, the transform,
// and what the command was asked to cover (the coverage account's "requested").
struct ReportPlan {
  reporters::Format format = reporters::Format::text;
  EmptyRun empty = EmptyRun::error;
  ReportTransform transform;
  scanner::Requested requested;
  RunPolicy* policy = nullptr; // the suppression stage (cli/policy_run.h); null: none
  scanner::ScanStats* stats = nullptr; // if set, receives the run's stats
  // A history shard's section of the json report, filled by `transform` (null: none).
  std::shared_ptr<const reporters::ShardSection> shard;
  // The progress line a long run draws on a terminal (cli/progress.h); none for runs that
  // take milliseconds (a pre-commit check).
  ProgressKind progress = ProgressKind::none;
};

// Scans `source`, decides the coverage verdict (coverage_status), writes the report
// where `options` say (to a 0600 temporary file renamed into place once complete), and
// returns the exit code (exit_code_for).
int scan_and_report(std::shared_ptr<const scanner::CompiledRules> rules,
                    const scanner::PipelineOptions& pipeline, scanner::Source& source,
                    const ScanOptions& options, const ReportPlan& plan);

// The gap kinds `--allow-partial` accepts (scanner/finding.h, gap::): every kind for
// "all", else the comma-separated list; an error names an unknown kind.
Result<std::vector<std::string>> parse_allow_partial(const std::string& spec);

// The coverage verdict (ScanStats::status):
//   "failed": the source could not run (a gap::failed error), or nothing was scanned at
//     all and EmptyRun::error says that cannot be clean (nothing readable, a typo), unless
//     a safety limit stopped an input part-way (gap::limit: a bomb is "incomplete");
//   "incomplete": some gap of a kind not in `allowed`;
//   "partial": gaps, all of kinds in `allowed`;
//   "complete": no gap.
std::string coverage_status(const scanner::ScanReport& report,
                            const std::vector<std::string>& allowed, EmptyRun empty);

// The exit code for a report whose status is set: findings -> findings_code (whatever
// the coverage: the report says it was incomplete); else "failed" -> 2, "incomplete"
// -> 3, "complete" or "partial" -> 0.
// Findings whose context is in `exempt` do not count as findings here (they are still
// reported).
int exit_code_for(const scanner::ScanReport& report, int findings_code,
                  const std::vector<std::string>& exempt = {});

} // namespace keysift::cli
