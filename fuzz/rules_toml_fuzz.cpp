// Fuzz target: the TOML rule and config loader (rules/loader.h), which reads a
// repository's own .keysift.toml, so its input is whoever wrote that repository.
// Invariants: parsing never crashes, hangs or throws; an error names the origin; a
// parsed set merges into itself as a duplicate (an error) unless replacing, and merging
// is idempotent when replacing; reading a rule's secret tail (rules/secret_tail.h) ends
// with a bounded width or none.
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "rules/loader.h"
#include "rules/secret_tail.h"

using namespace keysift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = rules::parse_rules(text, "fuzz.toml");
  if (!set) {
    fuzz::check(set.error().starts_with("fuzz.toml"), "a loader error names its origin");
    return 0;
  }
  for (const auto& r : set->rules) {
    fuzz::check(!r.id.empty() && !r.regex.empty(), "a loaded rule has an id and a regex");
    const auto tail = rules::secret_tail_width(r.regex);
    fuzz::check(!tail || *tail <= 4096, "a known secret tail is bounded");
  }
  rules::RuleSet merged = *set;
  if (!set->rules.empty())
    fuzz::check(!rules::merge_rules(merged, *set, false).is_ok(),
                "a duplicate rule id is refused");
  merged = *set;
  fuzz::check(rules::merge_rules(merged, *set, true).is_ok(), "replacing merges");
  fuzz::check(merged.rules.size() == set->rules.size(), "replacing keeps the rule count");
  return 0;
}
