// The suppression stage's part in a scanning command: what it needs before the scan
// (the Suppressor, warnings), what it adds after (config-weakened findings), and what a
// run does with its baseline once the report is out (--update-baseline, --prune-baseline,
// unused and expired entries). Used by scan_and_report (cli/report.h). Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "policy/suppressor.h"
#include "scanner/finding.h"

namespace keysift::cli {

struct RunPolicy {
  std::shared_ptr<policy::Suppressor> suppressor; // null: nothing is suppressed
  // A diff check (staged, range, push): its baseline entries cannot be judged unused.
  bool diff = false;
  std::string baseline_target; // the file --update-baseline and --prune-baseline write
  std::vector<std::string> warnings;
  // Adds findings of its own once the scan is done (config-weakened).
  std::function<void(scanner::ScanReport&)> add_findings;
  // Called when the run ends with findings (a hook's "how to get past this" message).
  std::function<void(const scanner::ScanReport&)> on_findings;
};

// Checks the baseline flags against each other and the mode; an error says why.
Status check_policy_flags(const ScanOptions& options, bool diff);

// Prints warnings, and after the run the notes (expired entries; unused ones when asked).
void print_policy_warnings(const RunPolicy& policy);
void print_policy_notes(const scanner::ScanReport& report, const ScanOptions& options);

// Whether the run should look for unused entries at all.
bool wants_unused(const ScanOptions& options, const RunPolicy& policy);

// Marks `baseline` merge=union in its git work tree's .gitattributes (once), so that
// branches that add entries at the same place merge without a conflict.
void mark_union_merge(const std::string& baseline);

// --update-baseline / --prune-baseline: rewrites the baseline and moves the findings it
// now accepts to report.allowed. Returns an error when the file cannot be written.
Status update_baseline(scanner::ScanReport& report, const ScanOptions& options,
                       const RunPolicy& policy);

} // namespace keysift::cli
