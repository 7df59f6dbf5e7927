// The built-in rule pack: rules/builtin/*.toml, parsed at build time and embedded
// (rules/pack.h). Immutable static data; thread-safe.
#pragma once

#include <string>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::rules {

// The built-in rules as one rule set; origins read "builtin/aws.toml:12".
Result<RuleSet> load_builtin();

// The pack's version (rules/pack.h pack_id of its packed bytes): two binaries showing
// the same id carry exactly the same rules. Shown by --version.
std::string builtin_pack_id();

} // namespace keysift::rules
