#include "codec/json_depth.h"

#include <doctest/doctest.h>

#include <string>

using keysift::codec::json_depth_within;
using keysift::codec::max_json_depth;

TEST_CASE("json_depth_within: the bound is inclusive, arrays and objects both count") {
  CHECK(json_depth_within("", 0));
  CHECK(json_depth_within("42", 0));
  CHECK_FALSE(json_depth_within("[]", 0));
  CHECK(json_depth_within(R"({"a": [1, {"b": []}]})", 4));
  CHECK_FALSE(json_depth_within(R"({"a": [1, {"b": []}]})", 3));
  // Depth is nesting, not the number of brackets: siblings do not add up.
  CHECK(json_depth_within("[[],[],[],[]]", 2));
  const std::string at_limit =
      std::string(max_json_depth, '[') + std::string(max_json_depth, ']');
  CHECK(json_depth_within(at_limit));
  CHECK_FALSE(json_depth_within("[" + at_limit + "]"));
}

TEST_CASE(
    "json_depth_within: brackets inside strings, escaped quotes included, do not count") {
  CHECK(json_depth_within(R"(["[[[{{{", "]]]"])", 1));
  // An escaped quote does not end the string: the brackets after it are still inside.
  CHECK(json_depth_within(R"(["a\"[[[[", "x"])", 1));
  // An escaped backslash does: the bracket after the string counts.
  CHECK_FALSE(json_depth_within(R"(["a\\", [[]]])", 2));
  CHECK(json_depth_within(R"(["a\\", [[]]])", 3));
}

TEST_CASE("json_depth_within: stray closing brackets neither underflow nor hide depth") {
  CHECK(json_depth_within("]]]]", 0));
  CHECK(json_depth_within("]]]][[", 2));
  CHECK_FALSE(json_depth_within("]]]][[", 1));
}
