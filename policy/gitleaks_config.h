// Reading a gitleaks config (gitleaks 8's TOML) as a keysift project config, so a team
// moving from gitleaks keeps its rules and suppressions:
//   [[rules]] id, description, regex, secretGroup, entropy, keywords, path, tags
//   [[rules.allowlists]] (and the older [rules.allowlist]) description, condition,
//       commits, paths, regexTarget, regexes, stopwords
//   [[allowlists]] (and the older [allowlist]) the same, plus targetRules
//   [extend] useDefault (keysift's built-in pack stands for gitleaks' default rules),
//       path (another gitleaks config, at most two levels, as in gitleaks), disabledRules
// Keys are matched case-insensitively, as gitleaks does. A rule allowlist that keysift's
// rule model can hold (any condition, no commits) stays with its rule; others, and the
// global allowlists, become project allowlists. Gitleaks rule ids that name default
// rules (disabledRules, targetRules, a rule that only adjusts a default one) go through
// policy/gitleaks_rules.h. What keysift does not support (a path-only rule, [extend] url,
// a field it does not know) is a warning that names it; a regex RE2 rejects is an error
// naming the rule. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "policy/project_config.h"

namespace keysift::policy {

// Whether a parsed document is a gitleaks config rather than keysift's: it uses a key
// only gitleaks has ([extend], secretGroup, entropy, path, regexTarget, targetRules, an
// upper-case condition, a top-level description), or its rules carry no `examples`
// (every keysift rule must have some) and no key gitleaks does not know.
bool looks_like_gitleaks(const toml::table& doc);

Result<ProjectConfig> parse_gitleaks_config(const toml::table& doc, std::string_view origin,
                                            const ConfigFileLoader& load = {});

// A gitleaks regex in the dialect keysift's engines read: Go's (?<name>...) becomes
// (?P<name>...), which Debian 12's RE2 requires.
std::string translate_gitleaks_regex(std::string_view regex);

} // namespace keysift::policy
