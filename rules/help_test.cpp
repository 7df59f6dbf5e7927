// The rule `help` field: a rule's own, else its file's, and every built-in rule has one.
#include <doctest/doctest.h>

#include "rules/builtin.h"
#include "rules/loader.h"
#include "rules/pack.h"

using namespace keysift::rules;

namespace {

const char* const two_rules = R"(
help = "The provider's key opens everything; revoke it in the console."

[[rules]]
id = "demo-one"
description = "Demo one"
regex = '''demo1_[a-z]{8}'''
examples = ["demo1_abcdefgh"]

[[rules]]
id = "demo-two"
description = "Demo two"
regex = '''demo2_[a-z]{8}'''
help = "This one has its own."
examples = ["demo2_abcdefgh"]
)";

} // namespace

TEST_CASE("a rule's help is its own, else its file's, and survives packing") {
  auto set = parse_rules(two_rules, "demo.toml");
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  REQUIRE(set->rules.size() == 2);
  CHECK(set->rules[0].help ==
        "The provider's key opens everything; revoke it in the console.");
  CHECK(set->rules[1].help == "This one has its own.");
  auto back = unpack_rules(pack_rules(*set));
  REQUIRE(back.is_ok());
  CHECK(back->rules[1].help == "This one has its own.");
}

TEST_CASE("help must be a string") {
  auto bad = parse_rules("help = 3\n", "bad.toml");
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.error().find("'help' must be a string") != std::string::npos);
  auto rule = parse_rules("[[rules]]\nid = \"x\"\ndescription = \"x\"\nregex = 'x'\n"
                          "help = [\"x\"]\nexamples = [\"x\"]\n",
                          "bad.toml");
  REQUIRE_FALSE(rule.is_ok());
  CHECK(rule.error().find("'help' must be a string") != std::string::npos);
}

TEST_CASE("every built-in rule says what its credential opens and how to rotate it") {
  auto set = load_builtin();
  REQUIRE(set.is_ok());
  for (const auto& rule : set->rules) {
    CHECK_MESSAGE(rule.help.size() >= 80, rule.id << " (" << rule.origin << ")");
    CHECK_MESSAGE(rule.help.size() <= 600, rule.id);
  }
}
