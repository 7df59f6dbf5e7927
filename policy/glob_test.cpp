#include "policy/glob.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

using namespace keysift::policy;

namespace {

bool matches(const char* glob, const char* path) {
  auto re = glob_to_regex(glob);
  REQUIRE_MESSAGE(re.is_ok(), glob);
  RE2 compiled(*re);
  REQUIRE(compiled.ok());
  return RE2::PartialMatch(path, compiled);
}

} // namespace

TEST_CASE("a glob without a slash matches a name at any depth") {
  CHECK(matches("*.pem", "key.pem"));
  CHECK(matches("*.pem", "deploy/keys/key.pem"));
  CHECK_FALSE(matches("*.pem", "key.pem.txt"));
  CHECK(matches("fixtures", "tests/fixtures/a/b.txt")); // a directory covers its files
  CHECK_FALSE(matches("fixtures", "tests/fixtures2/a.txt"));
}

TEST_CASE("a glob with a slash is anchored at the root") {
  CHECK(matches("tests/fixtures/**", "tests/fixtures/a/b.txt"));
  CHECK(matches("/tests/fixtures/", "tests/fixtures/a.txt"));
  CHECK(matches("tests/fixtures", "tests/fixtures/a.txt"));
  CHECK_FALSE(matches("tests/fixtures/**", "vendor/tests/fixtures/a.txt"));
  CHECK(matches("src/*.py", "src/app.py"));
  CHECK_FALSE(matches("src/*.py", "src/sub/app.py")); // * stops at '/'
  CHECK(matches("src/**/*.py", "src/app.py"));        // **/ may match no directory
  CHECK(matches("src/**/*.py", "src/a/b/app.py"));
  CHECK(matches("**/testdata/*", "x/y/testdata/k"));
}

TEST_CASE("classes, ? and escapes") {
  CHECK(matches("key[0-9].txt", "key7.txt"));
  CHECK_FALSE(matches("key[!0-9].txt", "key7.txt"));
  CHECK(matches("key[!0-9].txt", "keyx.txt"));
  CHECK_FALSE(matches("a?b", "a/b"));
  CHECK(matches("a?b", "axb"));
  CHECK(matches("a\\*b", "a*b"));
  CHECK_FALSE(matches("a\\*b", "axb"));
  CHECK(matches("a.b", "a.b"));
  CHECK_FALSE(matches("a.b", "axb")); // '.' is literal
  CHECK(matches("(x)+", "(x)+"));
}

TEST_CASE("a path holding a newline cannot slip past a glob") {
  CHECK(matches("tests/**", "tests/a\nb.txt"));
}

TEST_CASE("malformed globs are errors") {
  CHECK_FALSE(glob_to_regex("").is_ok());
  CHECK_FALSE(glob_to_regex("/").is_ok());
  CHECK_FALSE(glob_to_regex("a[bc").is_ok());
  CHECK_FALSE(glob_to_regex("ab\\").is_ok());
  CHECK_FALSE(glob_to_regex(std::string("a\0b", 3)).is_ok());
}

TEST_CASE("paths relative to the scanned root") {
  CHECK(relative_path("/repo/src/a.py", "/repo") == "src/a.py");
  CHECK(relative_path("/repo/src/a.py", "/repo/") == "src/a.py");
  CHECK(relative_path("./src//a.py", ".") == "src/a.py");
  CHECK(relative_path("/repository/a.py", "/repo") == "/repository/a.py");
  CHECK(relative_path("src/a.py", "") == "src/a.py");
  CHECK(relative_path("./repo/a.py", "repo") == "a.py");
}

TEST_CASE("a glob must be UTF-8 (RE2 refuses a pattern that is not)") {
  CHECK(matches("données/**", "données/a.txt"));
  for (const char* bad :
       {"a\xcb\"b", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "x\xe2\x82"}) {
    auto re = glob_to_regex(bad);
    REQUIRE_FALSE(re.is_ok());
    CHECK(re.error() == "a glob must be valid UTF-8");
  }
}

TEST_CASE("a class RE2 refuses is an error, not a pattern that fails later") {
  // Found by fuzz_baseline: the glob's class held the range f-a.
  auto re = glob_to_regex("/[ts* */0123456789abcdef-a!z]?.pem");
  REQUIRE_FALSE(re.is_ok());
  CHECK(re.error().find("is not a pattern keysift can run") != std::string::npos);
}
