#include "rules/builtin.h"
#include "rules/loader.h"

#include <doctest/doctest.h>

using namespace keysift::rules;

namespace {
const char* const good = R"(
[allowlist]
paths = ['^corpus/']

[[rules]]
id = "demo-token"
description = "Demo token"
regex = '''\b(?P<secret>demo_[a-z0-9]{8})\b'''
keywords = ["DEMO_"]
min_entropy = 2.5
severity = "high"
tags = ["demo"]
examples = ["x = demo_abcd1234"]
negative_examples = ["demo_short"]

[[rules.allowlists]]
target = "line"
regexes = ['fake']
stopwords = ["EXAMPLE"]
)";
} // namespace

TEST_CASE("a well-formed file loads every field") {
  auto set = parse_rules(good, "good.toml");
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  REQUIRE(set->rules.size() == 1);
  const Rule& r = set->rules[0];
  CHECK(r.id == "demo-token");
  CHECK(r.keywords == std::vector<std::string>{"demo_"});
  CHECK(r.min_entropy == doctest::Approx(2.5));
  CHECK(r.severity == "high");
  REQUIRE(r.allowlists.size() == 1);
  CHECK(r.allowlists[0].target == AllowTarget::line);
  CHECK(r.allowlists[0].stopwords == std::vector<std::string>{"example"});
  CHECK(set->global.paths == std::vector<std::string>{"^corpus/"});
  CHECK(r.origin == "good.toml:5");
}

TEST_CASE("errors name the file, line, column and rule") {
  auto unknown = parse_rules("[[rules]]\nid = \"a\"\nregx = \"x\"\n", "bad.toml");
  REQUIRE_FALSE(unknown.is_ok());
  CHECK(unknown.error() == "bad.toml:3:1: rule 'a': unknown key 'regx'");

  auto syntax = parse_rules("[[rules]\n", "syntax.toml");
  REQUIRE_FALSE(syntax.is_ok());
  CHECK(syntax.error().rfind("syntax.toml:1:", 0) == 0);

  auto type = parse_rules("[[rules]]\nid = \"a\"\ndescription = 3\n", "t.toml");
  REQUIRE_FALSE(type.is_ok());
  CHECK(type.error() == "t.toml:3:15: rule 'a': 'description' must be a string");

  auto severity = parse_rules(
      "[[rules]]\nid='a'\ndescription='d'\nregex='x'\nexamples=['x']\nseverity='urgent'\n",
      "s.toml");
  REQUIRE_FALSE(severity.is_ok());
  CHECK(severity.error().find("'severity' must be") != std::string::npos);
}

TEST_CASE("required fields and duplicate ids are rejected") {
  CHECK_FALSE(
      parse_rules("[[rules]]\ndescription='d'\nregex='x'\nexamples=['x']\n", "f").is_ok());
  CHECK_FALSE(parse_rules("[[rules]]\nid='a'\ndescription='d'\nregex='x'\n", "f").is_ok());
  auto dup = parse_rules("[[rules]]\nid='a'\ndescription='d'\nregex='x'\nexamples=['x']\n"
                         "[[rules]]\nid='a'\ndescription='d'\nregex='y'\nexamples=['y']\n",
                         "dup.toml");
  REQUIRE_FALSE(dup.is_ok());
  CHECK(dup.error().find("duplicate rule id 'a'") != std::string::npos);
}

TEST_CASE("merging: a config may replace a built-in rule, the pack may not repeat one") {
  auto a = parse_rules(good, "a.toml");
  auto b = parse_rules(good, "b.toml");
  REQUIRE(a.is_ok());
  REQUIRE(b.is_ok());
  RuleSet base = *a;
  CHECK_FALSE(merge_rules(base, *b, false).is_ok());
  CHECK(merge_rules(base, *b, true).is_ok());
  CHECK(base.rules.size() == 1);
  CHECK(base.rules[0].origin == "b.toml:5");
}

TEST_CASE("the built-in pack loads") {
  auto set = load_builtin();
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  CHECK(set->rules.size() >= 40);
}
