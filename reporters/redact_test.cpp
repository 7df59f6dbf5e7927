#include "reporters/redact.h"

#include <doctest/doctest.h>

using keysift::reporters::redact_in;
using keysift::reporters::redact_secret;

TEST_CASE("redact_secret keeps the first 4 ASCII characters") {
  CHECK(redact_secret("ghp_FAKE0000000000000000") == "ghp_****");
  CHECK(redact_secret("abcde") == "abcd****");
}

TEST_CASE("redact_secret masks a secret of 4 characters or fewer whole") {
  CHECK(redact_secret("") == "****");
  CHECK(redact_secret("a") == "****");
  CHECK(redact_secret("abcd") == "****");
}

TEST_CASE("redact_secret counts characters, not bytes, and never splits UTF-8") {
  // "pä" + "ss" + rest: ä is 2 bytes, so 5 bytes are kept.
  CHECK(redact_secret("p\xc3\xa4sswort") == "p\xc3\xa4ss****");
  // Four 3-byte characters (€) kept whole.
  CHECK(redact_secret("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac!") ==
        "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac****");
  // A 4-byte character (U+1F511) as the fourth character.
  CHECK(redact_secret("abc\xf0\x9f\x94\x91xyz") == "abc\xf0\x9f\x94\x91****");
  // Four multi-byte characters are "4 characters or fewer" however many bytes they take.
  CHECK(redact_secret("\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91") ==
        "****");
}

TEST_CASE("redact_secret treats invalid UTF-8 bytes as one character each") {
  CHECK(redact_secret("\xff\xfe\xfd\xfcSECRET") == "\xff\xfe\xfd\xfc****");
  // A truncated 3-byte sequence is two 1-byte characters, not a sequence to keep whole.
  CHECK(redact_secret("ab\xe2\x82") == "****");
  CHECK(redact_secret("ab\xe2\x82zz") == "ab\xe2\x82****");
  // An overlong encoding of '/' (C0 AF) is not valid UTF-8 either.
  CHECK(redact_secret("\xc0\xaf\xc0\xafx") == "\xc0\xaf\xc0\xaf****");
}

TEST_CASE("redact_in replaces every occurrence") {
  const std::string secret = "tok_FAKE_0000";
  CHECK(redact_in("a=tok_FAKE_0000 b=tok_FAKE_0000", secret) == "a=tok_**** b=tok_****");
  CHECK(redact_in("tok_FAKE_0000tok_FAKE_0000", secret) == "tok_****tok_****");
  CHECK(redact_in("nothing here", secret) == "nothing here");
  CHECK(redact_in("", secret).empty());
}

TEST_CASE("redact_in does not overlap and ignores an empty secret") {
  CHECK(redact_in("aaaaaaa", "aaa") == "********a");
  CHECK(redact_in("unchanged", "") == "unchanged");
}
