// Which keysift rules look for what a gitleaks rule looks for (policy/gitleaks_rules.tsv,
// embedded at build time). Lets a team keep its gitleaks suppressions: .gitleaksignore
// entries, disabledRules, targetRules. Thread-safe (the table is built once).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace keysift::policy {

struct GitleaksRuleMapping {
  std::vector<std::string> keysift_ids; // empty: no equivalent
  std::string note;                     // why (for messages)
  bool known = false;                   // the id is one of gitleaks' default rules
};

// The keysift rules for a gitleaks rule id of gitleaks' default config.
const GitleaksRuleMapping& map_gitleaks_rule(std::string_view gitleaks_id);

// The table's text (for tests).
std::string_view gitleaks_rules_tsv();

} // namespace keysift::policy
