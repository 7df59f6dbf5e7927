#include "git/commit_meta.h"
#include "git/message_scan.h"

#include <doctest/doctest.h>

using namespace keysift::git;

TEST_CASE("iso8601 writes the author's zone") {
  CHECK(iso8601(0, 0) == "1970-01-01T00:00:00+00:00");
  CHECK(iso8601(1700000000, 120) == "2023-11-15T00:13:20+02:00");
  CHECK(iso8601(1700000000, -330) == "2023-11-14T16:43:20-05:30");
}

TEST_CASE("parse_date reads dates, times and zones") {
  std::int64_t s = 0;
  REQUIRE(parse_date("2023-11-14", s));
  CHECK(s == 1699920000);
  REQUIRE(parse_date("2023-11-14T22:13:20Z", s));
  CHECK(s == 1700000000);
  REQUIRE(parse_date("2023-11-15T00:13:20+02:00", s));
  CHECK(s == 1700000000);
  CHECK_FALSE(parse_date("yesterday", s));
  CHECK_FALSE(parse_date("2023-13-01", s));
  CHECK_FALSE(parse_date("2023-11-14T22:13", s));
  CHECK_FALSE(parse_date("2023-11-14 junk", s));
  // Digits only, and a time of day that exists (sscanf took signs and spaces).
  CHECK_FALSE(parse_date("2023-+1-14", s));
  CHECK_FALSE(parse_date("2023-11- 4", s));
  CHECK_FALSE(parse_date("2023-11-14T24:00:00Z", s));
  CHECK_FALSE(parse_date("2023-11-14T22:-1:00Z", s));
  CHECK_FALSE(parse_date("2023-11-14T22:13:20+02:60", s));
}

TEST_CASE("a commit's or tag's message: what follows the headers' first blank line") {
  CHECK(message_of("tree 1\nparent 2\n\nsubject\n\nbody\n") == "subject\n\nbody\n");
  // a signature's continuation lines are headers; the message starts after the blank line
  CHECK(message_of("tree 1\ngpgsig -----BEGIN\n line\n -----END\n\nsigned\n") ==
        "signed\n");
  CHECK(message_of("object 1\ntype commit\ntag v1\n\n") == "");
  CHECK(message_of("tree 1\nno blank line") == "");
  CHECK(message_of("") == "");
}
