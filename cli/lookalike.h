// Look-alikes: text that a rule with a format check (a checksum, a JWT's structure)
// would report but for that check — a made-up `ghp_…` typed to test a hook, or a value
// mangled by hand. keysift reports none of them (they are not live credentials); the
// pre-commit check names them on stderr, with `keysift rules example RULE` as the way to
// get a value the rule does report. Runs the staged changes again with only those rules,
// their checks off: a handful of rules over a diff, milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "rules/status.h"
#include "scanner/finding.h"
#include "scanner/gate.h"
#include "scanner/source.h"

namespace keysift::cli {

struct LookAlike {
  std::string rule_id;
  std::string description;
  std::string path;
  std::uint64_t line = 0;
};

// The rules of `set` that have a format check, with it turned off (and the global
// allowlist kept); empty when none has one.
rules::RuleSet without_format_checks(const rules::RuleSet& set);

// What the rules of `set` that have a format check would find in `source` with the check
// off, and that fails it: what they did not report.
// `gate`: the run's (what it skips is not looked at).
Result<std::vector<LookAlike>> find_lookalikes(const rules::RuleSet& set,
                                               const scanner::GateOptions& gate,
                                               scanner::Source& source);

// Prints one note per look-alike (at most 5) to stderr. The caller prints them only
// when the check found nothing: a look-alike another rule reports is shown as a finding.
void print_lookalikes(const std::vector<LookAlike>& found);

} // namespace keysift::cli
