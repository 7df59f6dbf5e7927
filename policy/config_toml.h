// Helpers shared by the two config parsers (project_config.cpp, gitleaks_config.cpp):
// values with their positions, and regex and glob checks at parse time so that a bad one
// is reported at its own file:line:column. Internal to policy/; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "policy/project_config.h"
#include "rules/toml_read.h"

namespace keysift::policy::detail {

// "origin:line:column" of a node.
std::string where_of(std::string_view origin, const toml::node& node);
std::string where_of(std::string_view origin, const toml::source_region& src);

// A string array (absent: nothing) with each item's position. `lower` lower-cases.
Status located_strings(const toml::table& table, std::string_view key,
                       std::vector<Located>& out, const rules::Where& where,
                       bool lower = false);

// Ok when RE2 (as keysift runs it: bytes, multi-line) compiles `pattern`.
Status check_regex(const std::string& pattern);
// The same for every item, failing at the item's position.
Status check_regexes(const std::vector<Located>& patterns, std::string_view what);
Status check_globs(const std::vector<Located>& globs);

} // namespace keysift::policy::detail
