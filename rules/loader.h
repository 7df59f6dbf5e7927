// Loading rules from TOML (format: rules/README.md). Checks structure and types and
// rejects unknown keys; regexes are checked later, when the engine compiles them.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::rules {

// Parses one TOML document. `origin` names it in messages ("builtin/aws.toml").
// Errors read "origin:line:column: rule 'id': message".
Result<RuleSet> parse_rules(std::string_view text, std::string_view origin);

// Reads and parses a file.
Result<RuleSet> load_rules_file(const std::string& path);

// Adds `extra` to `base`. A rule whose id is already in `base` replaces it when
// `replace` is true (a user's config overriding a built-in rule); otherwise it is an
// error. Allowlists are merged.
Status merge_rules(RuleSet& base, RuleSet extra, bool replace);

} // namespace keysift::rules
