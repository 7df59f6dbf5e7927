#include "policy/gitleaks_config.h"

#include <doctest/doctest.h>
#include <fmt/core.h>

#include "policy/effective_config.h"
#include "rules/builtin.h"

using namespace keysift;
using namespace keysift::policy;

namespace {

// A gitleaks config of the size teams keep: many rules of their own with the features
// gitleaks has, rule allowlists, global allowlists, and an [extend] of the defaults.
std::string big_config(int rules) {
  std::string out = "title = \"team config\"\n\n[extend]\nuseDefault = true\n"
                    "disabledRules = [\"generic-api-key\", \"pkcs12-file\"]\n\n";
  for (int i = 0; i < rules; ++i) {
    out += fmt::format(
        "[[rules]]\nid = \"team-token-{}\"\ndescription = \"Team token {}\"\n", i, i);
    out += fmt::format("regex = '''(?i)\\b(?<token>tt{}_[a-z0-9]{{24}})\\b'''\n", i);
    if (i % 2 == 0) out += "secretGroup = 1\n";
    if (i % 3 == 0) out += "entropy = 3.2\n";
    out += fmt::format("keywords = [\"TT{}_\"]\ntags = [\"team\", \"t{}\"]\n", i, i);
    if (i % 5 == 0) out += "path = '''\\.(?:env|ya?ml)$'''\n";
    if (i % 4 == 0)
      out += "[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''(?i)example''']\n"
             "stopwords = [\"dummy\"]\n";
    if (i % 7 == 0)
      out += "[[rules.allowlists]]\ncondition = \"AND\"\npaths = ['''^test/''']\n"
             "commits = [\"0123456789abcdef0123456789abcdef01234567\"]\n";
    out += "\n";
  }
  out += "[[allowlists]]\ndescription = \"vendored\"\npaths = ['''(^|/)vendor/''']\n\n"
         "[[allowlists]]\ntargetRules = [\"team-token-1\", \"aws-access-token\"]\n"
         "regexes = ['''AKIAIOSFODNN7EXAMPLE''']\n";
  return out;
}

Result<ProjectConfig> parse(const std::string& text, const ConfigFileLoader& load = {}) {
  return parse_config(text, ".gitleaks.toml", load);
}

bool has_warning(const ProjectConfig& c, const std::string& part) {
  for (const auto& w : c.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

} // namespace

TEST_CASE("a realistic gitleaks config becomes a keysift config") {
  auto c = parse(big_config(150));
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK(c->format == ProjectConfig::Format::gitleaks);
  CHECK(c->use_builtin);
  REQUIRE(c->rules.size() == 150);
  const auto& r0 = c->rules[0];
  CHECK(r0.id == "team-token-0");
  CHECK(r0.regex ==
        "(?i)\\b(?P<token>tt0_[a-z0-9]{24})\\b"); // Go's named group, RE2's form
  CHECK(r0.secret_group == "1");
  CHECK(r0.min_entropy > 3.2); // gitleaks keeps only what is above its threshold
  CHECK(r0.min_entropy < 3.2001);
  CHECK(r0.keywords == std::vector<std::string>{"tt0_"});
  CHECK(r0.paths == std::vector<std::string>{"\\.(?:env|ya?ml)$"});
  REQUIRE(r0.allowlists.size() == 1); // the OR allowlist stays with its rule …
  CHECK(r0.allowlists[0].target == rules::AllowTarget::line);
  CHECK(r0.allowlists[0].stopwords == std::vector<std::string>{"dummy"});
  CHECK(c->rules[1].secret_group.empty());
  // … the AND allowlist with commits becomes a project allowlist scoped to the rule.
  std::size_t scoped_and = 0;
  for (const auto& a : c->allowlists)
    if (a.require_all && a.rule_ids.size() == 1 && a.commits.size() == 1) ++scoped_and;
  CHECK(scoped_and == 22); // i = 0, 7, …, 147
  // disabledRules name default rules: mapped to keysift's; one has no equivalent.
  REQUIRE(c->disabled_rules.size() == 1);
  CHECK(c->disabled_rules[0].value == "generic-credential-assignment");
  CHECK(has_warning(*c, "gitleaks rule 'pkcs12-file', which keysift cannot map"));
  // Global allowlists: targetRules map to this config's rules and to default rules.
  const auto& vendored = c->allowlists[c->allowlists.size() - 2];
  CHECK(vendored.rule_ids.empty());
  CHECK(vendored.paths[0].value == "(^|/)vendor/");
  const auto& targeted = c->allowlists.back();
  REQUIRE(targeted.rule_ids.size() == 2);
  CHECK(targeted.rule_ids[0].value == "team-token-1");
  CHECK(targeted.rule_ids[1].value == "aws-access-key-id");

  auto pack = rules::load_builtin();
  REQUIRE(pack.is_ok());
  auto e = apply_config(*pack, *c);
  REQUIRE_MESSAGE(e.is_ok(), e.error());
  CHECK(e->rules.rules.size() == pack->rules.size() - 1 + 150);
  CHECK(e->rules.global.paths == std::vector<std::string>{"(^|/)vendor/"});
}

TEST_CASE("a gitleaks config without [extend] useDefault runs only its own rules") {
  auto c = parse("[[rules]]\nid = \"only\"\nregex = '''only_[0-9]{8}'''\n");
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK(c->format == ProjectConfig::Format::gitleaks); // no examples: not keysift's
  CHECK_FALSE(c->use_builtin);
  auto pack = rules::load_builtin();
  REQUIRE(pack.is_ok());
  auto e = apply_config(*pack, *c);
  REQUIRE(e.is_ok());
  REQUIRE(e->rules.rules.size() == 1);
  CHECK(e->rules.rules[0].description == "gitleaks rule only");
}

TEST_CASE("what keysift does not support is a warning that names it") {
  auto c = parse("[extend]\nuseDefault = true\nurl = \"https://example.com/x.toml\"\n\n"
                 "[[rules]]\nid = \"p12\"\npath = '''\\.p12$'''\n\n"
                 "[[rules]]\nid = \"x\"\nregex = '''x_[0-9]{8}'''\nvalidate = true\n\n"
                 "[[rules]]\nid = \"generic-api-key\"\nentropy = 4.5\n"
                 "[[rules.allowlists]]\nstopwords = [\"sample\"]\n");
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK(has_warning(*c, ".gitleaks.toml:3:7: [extend] url is not supported"));
  CHECK(has_warning(*c, "rule 'p12' matches a path only"));
  CHECK(has_warning(*c, "gitleaks field 'validate' in [[rules]] is not supported"));
  REQUIRE(c->rules.size() == 1);
  // A rule with no regex adjusts the default rule of its id, here through the map.
  REQUIRE(c->overrides.size() == 1);
  CHECK(c->overrides[0].id.value == "generic-credential-assignment");
  CHECK(*c->overrides[0].min_entropy > 4.5);
  CHECK(c->allowlists.back().rule_ids[0].value == "generic-credential-assignment");
}

TEST_CASE("[extend] path merges another gitleaks config, rule by rule") {
  const std::string base =
      "[[rules]]\nid = \"base-a\"\nregex = '''a_[0-9]{8}'''\n"
      "entropy = 2.0\n\n[[rules]]\nid = \"base-b\"\nregex = '''b_[0-9]{8}'''\n";
  ConfigFileLoader load = [&](const std::string& path) -> Result<std::string> {
    if (path == "base.toml") return base;
    return Status::error(path + ": no such file");
  };
  auto c = parse("[extend]\npath = \"base.toml\"\ndisabledRules = [\"base-b\"]\n\n"
                 "[[rules]]\nid = \"base-a\"\nentropy = 3.0\n"
                 "[[rules.allowlists]]\nregexes = ['''^a_0''']\n",
                 load);
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK_FALSE(c->use_builtin);
  REQUIRE(c->rules.size() == 1); // base-b disabled
  CHECK(c->rules[0].regex == "a_[0-9]{8}");
  CHECK(c->rules[0].min_entropy > 3.0);
  CHECK(c->rules[0].allowlists.size() == 1);
  auto missing = parse("[extend]\npath = \"nope.toml\"\n", load);
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.error().find("nope.toml: no such file") != std::string::npos);
}

TEST_CASE("a regex RE2 rejects is an error naming the rule") {
  auto c = parse("[[rules]]\nid = \"bad\"\nregex = '''(?=lookahead)x'''\n");
  REQUIRE_FALSE(c.is_ok());
  CHECK(c.error().rfind(
            ".gitleaks.toml:3:9: rule 'bad': the regex is not one keysift can run", 0) ==
        0);
  auto bad_condition =
      parse("[extend]\nuseDefault = true\n[[allowlists]]\ncondition = \"XOR\"\n"
            "paths = ['''a''']\n");
  REQUIRE_FALSE(bad_condition.is_ok());
  CHECK(bad_condition.error().find("'condition' must be AND or OR") != std::string::npos);
}

TEST_CASE("keysift's own format is not mistaken for gitleaks'") {
  auto k = parse("[[rules]]\nid = \"a\"\ndescription = \"d\"\nregex = '''a_[0-9]{8}'''\n"
                 "examples = [\"a_12345678\"]\n\n[allowlist]\npaths = ['''^x/''']\n");
  REQUIRE_MESSAGE(k.is_ok(), k.error());
  CHECK(k->format == ProjectConfig::Format::keysift);
  auto empty = parse("");
  REQUIRE(empty.is_ok());
  CHECK(empty->format == ProjectConfig::Format::keysift);
  CHECK(translate_gitleaks_regex("(?<a>x)\\(?<b>(?:y)") == "(?P<a>x)\\(?<b>(?:y)");
}

TEST_CASE("an empty regex is no regex, as in gitleaks: never a rule that matches nothing") {
  // Found by fuzz_policy_config: the rule became one with an empty regex.
  auto c = parse("title = \"x\"\n\n[[rules]]\nid = \"acme-key\"\ndescription = \"ACME\"\n"
                 "regex = ''\n");
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK(c->rules.empty());
  CHECK(has_warning(*c, "acme-key"));
}
