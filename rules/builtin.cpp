#include "rules/builtin.h"

#include "rules/loader.h"

namespace keysift::rules {

Result<RuleSet> load_builtin() {
  RuleSet all;
  for (const auto& file : builtin_files()) {
    auto parsed = parse_rules(file.text, file.name);
    if (!parsed) return parsed.status();
    if (auto st = merge_rules(all, std::move(parsed).value(), false); !st) return st;
  }
  return all;
}

} // namespace keysift::rules
