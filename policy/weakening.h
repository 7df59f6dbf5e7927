// A change that weakens a project's policy: what a pull request's head would suppress
// that its base reports. keysift takes the deciding policy from the base revision in
// range and push checks (so a pull request cannot wave its own secret through) and
// reports each weakening as a `config-weakened` finding, so a reviewer sees it.
//
// The head weakens the base when any of these holds (each is one Weakening, located in
// the head's files where it can be):
//   - a rule the base runs is not run by the head (disabled by id or tag, removed from
//     the config, or the built-in pack dropped);
//   - a rule both run is narrowed: a higher min_entropy; a path filter that does not
//     contain the base's (or one where the base had none); a changed regex, secret
//     group, format check or prefilter, or keywords that do not contain the base's
//     (keysift cannot prove such a rule still finds everything); a rule allowlist the
//     base does not have;
//   - an allowlist item (regex, stopword, path regex, glob, commit) the base has in no
//     allowlist of the same kind (target, condition any) covering the same rules; an
//     allowlist with condition all that is not one of the base's, unchanged;
//   - a context ([gate] exempt_contexts) the base does not exempt from the exit code;
//   - a baseline, .keysiftignore or .gitleaksignore entry the base does not have, or a
//     baseline entry that expires later (or no longer expires) or covers more paths.
// A severity lowered, an entry removed, a rule added: none suppresses more, none is a
// weakening. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/baseline.h"
#include "policy/gitleaks_ignore.h"
#include "policy/project_config.h"
#include "rules/rule.h"
#include "scanner/finding.h"

namespace keysift::policy {

// A project's suppression files at one revision (absent files: empty).
struct PolicyFiles {
  std::optional<ProjectConfig> config; // nullopt: no config file
  std::string config_error;            // set when the file exists but does not load
  std::vector<Baseline> baselines;
  std::vector<Baseline> ignore_files;
  std::vector<GitleaksIgnore> gitleaks_ignores;
};

struct Weakening {
  std::string file; // the head's file that weakens ("" when no single file does)
  std::uint64_t line = 0, column = 0;
  std::string item; // what was added or widened, as written
  std::string what; // a sentence for the reviewer
};

std::vector<Weakening> find_weakenings(const rules::RuleSet& builtin,
                                       const PolicyFiles& base, const PolicyFiles& head);

// The id of the findings find_weakenings() turns into (see add_weakening_findings).
inline constexpr const char* weakened_rule_id = "config-weakened";

// Adds the rule `config-weakened` to `report` (re-indexing its findings' rules, which are
// kept in id order) and one finding per weakening; `head` names the revision.
void add_weakening_findings(scanner::ScanReport& report,
                            const std::vector<Weakening>& found, const std::string& head);

} // namespace keysift::policy
