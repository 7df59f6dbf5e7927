// The built-in rule pack: rules/builtin/*.toml, parsed at build time and embedded
// (rules/pack.h). Immutable static data; thread-safe.
#pragma once

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::rules {

// The built-in rules as one rule set; origins read "builtin/aws.toml:12".
Result<RuleSet> load_builtin();

} // namespace keysift::rules
