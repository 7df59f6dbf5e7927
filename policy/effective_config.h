// A project config applied to the built-in pack: the rules the engine compiles and the
// allowlists the suppression stage applies (policy/suppressor.h).
//   1. the built-in pack (unless a gitleaks config does not extend the defaults),
//   2. minus the built-in rules the config disables, by id or by tag,
//   3. plus the config's rules (one with a built-in rule's id replaces it),
//   4. with the overrides applied (severity, min_entropy, paths),
//   5. and the allowlists' path regexes that apply to every rule with any condition
//      copied into RuleSet::global, so the gate skips such files before reading them.
// A name that matches nothing (an unknown rule id or tag to disable, override or scope an
// allowlist to) is an error at its file:line:column: a typo must not pass silently.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "policy/project_config.h"
#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::policy {

struct EffectiveConfig {
  rules::RuleSet rules;
  std::vector<PolicyAllowlist> allowlists;
  std::vector<std::string> warnings; // the config's, and any found while applying it
};

Result<EffectiveConfig> apply_config(rules::RuleSet builtin, const ProjectConfig& config);

// What the config changes relative to the built-in pack, one line each, in the order
// of the steps above (for `keysift config check`).
std::vector<std::string> describe_changes(const rules::RuleSet& builtin,
                                          const ProjectConfig& config);

// One allowlist in words: "on every rule: globs tests/**; stopwords example".
std::string describe_allowlist(const PolicyAllowlist& list);

} // namespace keysift::policy
