#include "rules/builtin.h"

#include "rules/pack.h"

namespace keysift::rules {

// Defined in the source that rules/pack_tool.cpp generates at build time.
std::string_view builtin_pack();

Result<RuleSet> load_builtin() {
  auto set = unpack_rules(builtin_pack());
  if (!set) return Status::error("built-in rules: " + set.error());
  return set;
}

std::string builtin_pack_id() {
  return pack_id(builtin_pack());
}

} // namespace keysift::rules
