// The gitleaks config as written, before it becomes a keysift ProjectConfig: read by
// gitleaks_config.cpp (with [extend] resolved), converted by gitleaks_convert.cpp.
// Internal to policy/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/gitleaks_config.h"

namespace keysift::policy::detail {

struct GlAllowlist {
  PolicyAllowlist list;
  std::vector<Located> target_rules;
};

// A [[rules]] table as written (fields gitleaks merges one by one when extending).
struct GlRule {
  std::string id;
  std::string where;
  std::optional<std::string> description, regex, path;
  std::optional<int> secret_group;
  std::optional<double> entropy;
  std::vector<std::string> keywords, tags;
  std::vector<GlAllowlist> allowlists;
};

struct GlConfig {
  bool use_default = false;
  std::vector<GlRule> rules;
  std::vector<GlAllowlist> allowlists;
  std::vector<Located> disabled; // [extend] disabledRules not resolved by the extension
};

// Reads `doc` and the configs its [extend] names; unsupported fields go to `warnings`.
Result<GlConfig> read_gitleaks(const toml::table& doc, std::string_view origin,
                               std::vector<std::string>& warnings,
                               const ConfigFileLoader& load);

} // namespace keysift::policy::detail
