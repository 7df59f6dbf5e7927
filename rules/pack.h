// A RuleSet as bytes. The built-in pack is parsed from TOML at build time
// (rules/pack_tool.cpp) and embedded in this form, so a run (a pre-commit check) does not
// pay for parsing 800 KB of TOML. The format is private to one build: the tool and the
// library are built together. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::rules {

std::string pack_rules(const RuleSet& set);

// Rejects anything pack_rules did not write (wrong magic, truncated, trailing bytes).
Result<RuleSet> unpack_rules(std::string_view bytes);

// A rule pack's version: 16 hex digits of a 64-bit FNV-1a digest of its packed bytes. Not a
// security digest: it names a pack (in --version, bug reports), it does not vouch for one.
std::string pack_id(std::string_view packed);

} // namespace keysift::rules
