// The built-in rule pack, embedded at build time from rules/builtin/*.toml.
// Immutable static data; thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::rules {

struct EmbeddedFile {
  std::string_view name; // "builtin/github.toml"
  std::string_view text;
};

std::span<const EmbeddedFile> builtin_files();

// Parses every embedded file into one rule set.
Result<RuleSet> load_builtin();

} // namespace keysift::rules
