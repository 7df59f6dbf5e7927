// Writing a ProjectConfig as a keysift .keysift.toml (for `keysift migrate gitleaks`): what
// parse_keysift_config() reads back to the same rules and allowlists. Rules migrated from
// gitleaks have no examples; each gets a placeholder that `keysift rules check` reports,
// so the team adds a real one. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "policy/project_config.h"

namespace keysift::policy {

// `header` is written first, as comment lines.
std::string write_keysift_config(const ProjectConfig& config, std::string_view header);

// A TOML string holding `s` exactly: a literal string where it can be, else a basic one.
std::string toml_string(std::string_view s);

// The example a migrated rule is given until someone writes a real one.
inline constexpr std::string_view placeholder_example =
    "TODO: a line this rule must find (keysift rules check runs it)";

} // namespace keysift::policy
