// Fuzz target: the project config (policy/project_config.h), in both formats keysift
// reads: its own .keysift.toml and a gitleaks config (policy/gitleaks_config.h), [extend]
// files included (the loader hands the same text back, so extension depth is exercised).
// A pull request can change a repository's config: its author is untrusted.
// Invariants: parsing never crashes, hangs or throws; an error names where it is; every
// glob a parsed config holds translates; applying it to a small pack either fails with a
// located error or yields rules with ids and regexes; describing it never fails.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "policy/effective_config.h"
#include "policy/glob.h"
#include "policy/project_config.h"

using namespace keysift;

namespace {

rules::RuleSet small_pack() {
  rules::RuleSet set;
  for (const char* id : {"github-pat", "generic-credential-assignment", "jwt"}) {
    rules::Rule r;
    r.id = id;
    r.description = id;
    r.regex = "x_[0-9]{8}";
    r.tags = {std::string(id).rfind("generic", 0) == 0 ? "generic" : "token"};
    set.rules.push_back(r);
  }
  return set;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  policy::ConfigFileLoader load = [&](const std::string&) -> Result<std::string> {
    return text;
  };
  auto config = policy::parse_config(text, "fuzz.toml", load);
  if (!config) {
    fuzz::check(!config.error().empty(), "an error says what is wrong");
    return 0;
  }
  for (const auto& a : config->allowlists)
    for (const auto& g : a.globs)
      fuzz::check(policy::glob_to_regex(g.value).is_ok(), "a parsed glob translates");
  static const rules::RuleSet pack = small_pack();
  auto effective = policy::apply_config(pack, *config);
  if (effective) {
    for (const auto& r : effective->rules.rules)
      fuzz::check(!r.id.empty() && !r.regex.empty(),
                  "an applied rule has an id and a regex");
  } else {
    fuzz::check(effective.error().find(':') != std::string::npos,
                "an apply error is located");
  }
  for (const auto& line : policy::describe_changes(pack, *config))
    fuzz::check(!line.empty(), "a described change is not empty");
  return 0;
}
