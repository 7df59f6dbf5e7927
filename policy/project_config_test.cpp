#include "policy/project_config.h"

#include <doctest/doctest.h>

#include "policy/effective_config.h"
#include "rules/builtin.h"

using namespace keysift;
using namespace keysift::policy;

namespace {

const char* const full = R"(title = "demo"
baseline = "keysift.baseline"

[[rules]]
id = "acme-key"
description = "ACME key"
regex = '''acme_[a-z0-9]{16}'''
examples = ["acme_0123456789abcdef"]

[disable]
rules = ["jwt"]
tags = ["generic"]

[[override]]
id = "github-pat"
severity = "critical"
min_entropy = 3.5
paths = ['''^src/''']

[allowlist]
paths = ['''^vendor/''']

[[allowlists]]
description = "fixtures"
globs = ["tests/fixtures/**"]
stopwords = ["EXAMPLE"]
commits = ["0123456789ABCDEF0123456789abcdef01234567"]
rules = ["github-pat"]
condition = "all"
target = "line"
regexes = ['''^\s*#''']

[gate]
exempt_contexts = ["test", "docs"]
)";

std::string error_of(const std::string& text) {
  auto c = parse_keysift_config(text, "k.toml");
  REQUIRE_FALSE(c.is_ok());
  return c.error();
}

} // namespace

TEST_CASE("every section of a .keysift.toml, with where each value was written") {
  auto c = parse_config(full, "k.toml");
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK(c->format == ProjectConfig::Format::keysift);
  REQUIRE(c->rules.size() == 1);
  CHECK(c->rules[0].id == "acme-key");
  REQUIRE(c->disabled_rules.size() == 1);
  CHECK(c->disabled_rules[0] == Located{"jwt", "k.toml:11:10"});
  CHECK(c->disabled_tags[0].value == "generic");
  REQUIRE(c->overrides.size() == 1);
  CHECK(c->overrides[0].severity->value == "critical");
  CHECK(*c->overrides[0].min_entropy == 3.5);
  CHECK(c->overrides[0].paths->at(0).value == "^src/");
  REQUIRE(c->allowlists.size() == 2);
  CHECK(c->allowlists[0].paths[0].value == "^vendor/");
  const auto& a = c->allowlists[1];
  CHECK(a.description == "fixtures");
  CHECK(a.globs[0] == Located{"tests/fixtures/**", "k.toml:25:10"});
  CHECK(a.stopwords[0].value == "example");
  CHECK(a.commits[0].value == "0123456789abcdef0123456789abcdef01234567");
  CHECK(a.rule_ids[0].value == "github-pat");
  CHECK(a.require_all);
  CHECK(a.target == rules::AllowTarget::line);
  CHECK(c->baseline->value == "keysift.baseline");
  CHECK(c->exempt_contexts == std::vector<std::string>{"test", "docs"});
  CHECK(c->exempt_contexts_where == "k.toml:33:1");
}

TEST_CASE("unknown keys and bad values are errors at file:line:column") {
  CHECK(error_of("colour = 1\n") == "k.toml:1:1: unknown key 'colour'");
  CHECK(error_of("[[allowlists]]\nglobs = ['a']\ncondtion = 'all'\n") ==
        "k.toml:3:1: unknown key 'condtion'");
  CHECK(
      error_of("[[allowlists]]\nglobs = ['a[b']\n").rfind("k.toml:2:10: unclosed '['", 0) ==
      0);
  CHECK(error_of("[[allowlists]]\nregexes = ['(a']\n")
            .rfind("k.toml:2:12: invalid regex in 'regexes'", 0) == 0);
  CHECK(error_of("[[allowlists]]\nglobs = ['a']\ncondition = 'some'\n") ==
        "k.toml:3:13: 'condition' must be any or all");
  CHECK(error_of("[[allowlists]]\ndescription = 'nothing'\n")
            .rfind("k.toml:1:1: an allowlist needs", 0) == 0);
  CHECK(error_of("[[allowlists]]\nstopwords = ['']\n") ==
        "k.toml:2:14: an empty stopword allows everything");
  CHECK(error_of("[[override]]\nid = 'x'\nseverity = 'urgent'\n") ==
        "k.toml:3:12: 'severity' must be critical, high, medium, low or info");
  CHECK(error_of("[[override]]\nid = 'x'\n").rfind("k.toml:1:1: an override needs", 0) ==
        0);
  CHECK(error_of("[[override]]\nid = 'x'\nmin_entropy = 9\n") ==
        "k.toml:3:15: 'min_entropy' must be a number from 0 to 8");
  CHECK(error_of("[disable]\nrules = 'jwt'\n") == "k.toml:2:9: 'rules' must be an array");
  CHECK(error_of("baseline = ''\n") == "k.toml:1:12: 'baseline' must be a file name");
  CHECK(error_of("[[rules]]\nid = 'a'\ndescription = 'd'\nregex = '(x'\nexamples = ['x']\n")
            .rfind("k.toml:4:9: rule 'a': invalid regex", 0) == 0);
  CHECK(error_of("[gate]\nexempt_contexts = ['vendor']\n") ==
        "k.toml:2:19: 'exempt_contexts' holds test, docs or example, not 'vendor'");
  CHECK(error_of("x = [").rfind("k.toml:1:", 0) == 0); // not TOML
  CHECK(error_of("use_builtin = 'no'\n") ==
        "k.toml:1:15: 'use_builtin' must be true or false");
}

TEST_CASE("use_builtin = false, as `migrate gitleaks` writes it, is read back") {
  auto c = parse_keysift_config("use_builtin = false\n", "k.toml");
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  CHECK_FALSE(c->use_builtin);
  auto d = parse_keysift_config("title = 'x'\n", "k.toml");
  REQUIRE(d.is_ok());
  CHECK(d->use_builtin);
}

TEST_CASE("a config's size is bounded") {
  ConfigLimits small;
  small.max_bytes = 64;
  auto c = parse_config(std::string(65, '#'), "k.toml", {}, small);
  REQUIRE_FALSE(c.is_ok());
  CHECK(c.error().find("more than a config may hold") != std::string::npos);
}

TEST_CASE("applying a config to the built-in pack") {
  auto pack = rules::load_builtin();
  REQUIRE(pack.is_ok());
  auto c = parse_config(full, "k.toml");
  REQUIRE(c.is_ok());
  auto e = apply_config(*pack, *c);
  REQUIRE_MESSAGE(e.is_ok(), e.error());
  auto find = [&](const std::string& id) -> const rules::Rule* {
    for (const auto& r : e->rules.rules)
      if (r.id == id) return &r;
    return nullptr;
  };
  CHECK(find("acme-key"));
  CHECK_FALSE(find("jwt"));
  for (const auto& r : e->rules.rules) CHECK_FALSE(r.is_generic());
  REQUIRE(find("github-pat"));
  CHECK(find("github-pat")->severity == "critical");
  CHECK(find("github-pat")->min_entropy == 3.5);
  CHECK(find("github-pat")->paths == std::vector<std::string>{"^src/"});
  // The any-condition, every-rule allowlist's path regexes reach the gate; others do not.
  CHECK(e->rules.global.paths == std::vector<std::string>{"^vendor/"});
  CHECK(e->allowlists.size() == 2);
  CHECK(e->rules.exempt_contexts == std::vector<std::string>{"test", "docs"});
  const auto lines = describe_changes(*pack, *c);
  auto has = [&](const std::string& s) {
    for (const auto& l : lines)
      if (l.find(s) != std::string::npos) return true;
    return false;
  };
  CHECK(has("k.toml:11:10: disables rule jwt"));
  CHECK(has("disables the "));
  CHECK(has("adds rule acme-key"));
  CHECK(has("rule github-pat: severity high -> critical"));
  CHECK(has("on rules github-pat (all must match): globs tests/fixtures/**"));
  CHECK(has("baseline keysift.baseline"));
  CHECK(has("k.toml:33:1: findings in test, docs leave the exit code alone"));
}

TEST_CASE("names that match nothing are errors, not silent no-ops") {
  auto pack = rules::load_builtin();
  REQUIRE(pack.is_ok());
  auto apply = [&](const std::string& text) {
    auto c = parse_config(text, "k.toml");
    REQUIRE_MESSAGE(c.is_ok(), c.error());
    auto e = apply_config(*pack, *c);
    REQUIRE_FALSE(e.is_ok());
    return e.error();
  };
  CHECK(apply("[disable]\nrules = ['github-patt']\n") ==
        "k.toml:2:10: no built-in rule 'github-patt' to disable");
  CHECK(apply("[disable]\ntags = ['nonesuch']\n") ==
        "k.toml:2:9: no built-in rule is tagged 'nonesuch'");
  CHECK(apply("[[override]]\nid = 'nope'\nseverity = 'low'\n") ==
        "k.toml:2:6: no rule 'nope' to override");
  CHECK(apply("[[allowlists]]\nglobs = ['a']\nrules = ['nope']\n") ==
        "k.toml:3:10: the allowlist names rule 'nope', which is not in use");
}
