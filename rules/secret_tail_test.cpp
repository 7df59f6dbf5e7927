#include "rules/secret_tail.h"

#include <doctest/doctest.h>

using keysift::rules::secret_tail_width;

TEST_CASE("secret_tail_width: the widest text after a top-level secret group") {
  CHECK(secret_tail_width(R"(key=(?P<secret>[a-z]{8}))") == 0u);
  CHECK(secret_tail_width(R"(key=(?P<secret>[a-z]{8})(?:["'`;,&\s\\]|$))") == 1u);
  CHECK(secret_tail_width(R"(x(?P<secret>\w+)[ \t]{0,16}(?:\r?\n|$))") == 18u);
  CHECK(secret_tail_width(R"(x(?P<secret>\w+)["']?[ \t]{0,16}(?:[,\]]|\r?\n|$))") == 19u);
  CHECK(secret_tail_width(R"(x(?P<secret>\w+)\x27)") == 1u);
  CHECK(secret_tail_width(R"(x(?P<secret>\w+)\\?")") == 2u);
  CHECK(secret_tail_width(R"(x(?P<secret>\w+)(?i:end){2,3})") == 9u);
  // Characters that may be several bytes count as the widest UTF-8 character.
  CHECK(secret_tail_width(R"(x(?P<secret>\w+).[^a]\S)") == 12u);
  CHECK(secret_tail_width("x(?P<secret>\\w+)\xc3\xa9") == 2u);
}

TEST_CASE("secret_tail_width: unknown where the tail is unbounded or not read") {
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)\s*;)"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)x+)"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)x{2,})"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)?x)"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)\pL)"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)\Q;\E)"));
  CHECK_FALSE(secret_tail_width(R"((?:key=(?P<secret>\w+))x)")); // not at the top level
  CHECK_FALSE(secret_tail_width(R"(key=(\w+))"));                // no secret group
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)(x)"));    // unbalanced
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)x))"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)[ab)"));
  CHECK_FALSE(secret_tail_width(R"(key=(?P<secret>\w+)x{99999})"));
  CHECK_FALSE(secret_tail_width(
      R"(key=(?P<secret>\w+)(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:(?:x)))))))))))))))))))))))))))))))))))"));
  // A ( or ) inside a class or escaped does not open or close the group.
  CHECK(secret_tail_width(R"(k[(](?P<secret>[)]+)\)x)") == 2u);
}
