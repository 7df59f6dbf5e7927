#include "rules/builtin.h"
#include "rules/loader.h"
#include "rules/pack.h"

#include <doctest/doctest.h>

using namespace keysift::rules;

namespace {
const char* const every_field = R"(
[allowlist]
paths = ['^corpus/', 'fixtures/']
regexes = ['^dummy']
stopwords = ["sample"]

[[rules]]
id = "demo-token"
description = "Demo token"
regex = '''\b(?P<secret>demo_[a-z0-9]{8})\b'''
secret_group = "secret"
keywords = ["demo_"]
min_entropy = 2.75
validate = "jwt"
prefilter = '''demo_'''
paths = ['\.env$']
severity = "high"
tags = ["demo", "generic"]
examples = ["x = demo_abcd1234", "y = demo_0000ffff"]
negative_examples = ["demo_short"]

[[rules.allowlists]]
target = "line"
regexes = ['fake']
stopwords = ["example"]

[[rules.allowlists]]
target = "match"
paths = ['test']

[[rules]]
id = "second"
description = "Second"
regex = 'x{3}'
examples = ["xxx"]
)";
} // namespace

TEST_CASE("a rule set survives packing unchanged, every field") {
  auto set = parse_rules(every_field, "every.toml");
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  REQUIRE(set->rules.size() == 2);
  REQUIRE(set->rules[0].allowlists.size() == 2);
  auto back = unpack_rules(pack_rules(*set));
  REQUIRE_MESSAGE(back.is_ok(), back.status().message());
  CHECK(*back == *set);
  CHECK(back->rules[0].min_entropy == 2.75);
  CHECK(back->rules[0].allowlists[1].target == AllowTarget::match);
  CHECK(back->rules[1].origin == set->rules[1].origin);
}

TEST_CASE("a damaged pack is an error, never a crash") {
  auto set = parse_rules(every_field, "every.toml");
  REQUIRE(set.is_ok());
  const std::string bytes = pack_rules(*set);
  CHECK_FALSE(unpack_rules("").is_ok());
  CHECK_FALSE(unpack_rules("not a pack").is_ok());
  CHECK_FALSE(unpack_rules(bytes + "x").is_ok());
  // Every truncation, and a flipped byte in every length field position, is rejected
  // or decodes to something; none reads out of bounds (run under ASan in CI).
  for (std::size_t n = 0; n < bytes.size(); ++n)
    CHECK_FALSE(unpack_rules(bytes.substr(0, n)));
  for (std::size_t i = 16; i < bytes.size(); i += 7) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(0xff);
    (void)unpack_rules(damaged);
  }
}

TEST_CASE("the embedded pack is the rule files, parsed") {
  auto set = load_builtin();
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  CHECK(set->rules.size() >= 200);
  for (const auto& rule : set->rules) {
    CHECK_MESSAGE(rule.origin.rfind("builtin/", 0) == 0, rule.origin);
    CHECK_FALSE(rule.examples.empty());
  }
}

TEST_CASE("a pack's id names its exact bytes") {
  auto set = parse_rules(every_field, "every.toml");
  REQUIRE(set.is_ok());
  const std::string packed = pack_rules(*set);
  const std::string id = pack_id(packed);
  CHECK(id.size() == 16);
  CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(pack_id(packed) == id);
  set->rules[0].examples.back() += "0"; // one byte more in one example
  CHECK(pack_id(pack_rules(*set)) != id);
  std::string flipped = packed;
  flipped[flipped.size() / 2] ^= 1;
  CHECK(pack_id(flipped) != id);
  CHECK(pack_id("") == "cbf29ce484222325"); // FNV-1a's offset basis: nothing hashed
  CHECK(builtin_pack_id().size() == 16);
  CHECK(builtin_pack_id() != pack_id(""));
}
