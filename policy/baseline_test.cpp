#include "policy/baseline.h"

#include <doctest/doctest.h>

using namespace keysift::policy;

namespace {

const std::string fp_a = "github-pat@0123456789abcdef0123456789abcdef";
const std::string fp_b = "aws-access-key-id@ffffffffffffffffffffffffffffffff";

} // namespace

TEST_CASE("entries with and without fields; comments and blank lines") {
  const std::string text = "# header\n\n" + fp_a +
                           " path=tests/** expires=2030-01-31 approved_by=alice "
                           "reason=\"test fixture, \\\"revoked\\\"\"  # why\r\n" +
                           fp_b + "\n";
  auto b = parse_baseline(text, "kb");
  REQUIRE_MESSAGE(b.is_ok(), b.error());
  REQUIRE(b->entries.size() == 2);
  const auto& e = b->entries[0];
  CHECK(e.fingerprint == fp_a);
  CHECK(e.path == "tests/**");
  CHECK(e.expires == "2030-01-31");
  CHECK(e.approved_by == "alice");
  CHECK(e.reason == "test fixture, \"revoked\"");
  CHECK(e.line == 3);
  CHECK(b->entries[1].fingerprint == fp_b);
  CHECK(b->entries[1].path.empty());
}

TEST_CASE("format and parse round-trip; the file is sorted and has no duplicates") {
  BaselineEntry a{fp_a, "src/a b.py", "2031-12-31", "bob", "odd \"chars\" # = \\", 0};
  BaselineEntry b{fp_b, "", "", "", "", 0};
  const std::string text = format_baseline({a, b, a});
  auto back = parse_baseline(text, "kb");
  REQUIRE_MESSAGE(back.is_ok(), back.error());
  REQUIRE(back->entries.size() == 2);
  CHECK(back->entries[0].same(b)); // "aws-…" sorts before "github-…"
  CHECK(back->entries[1].same(a));
  CHECK(format_baseline({b, a}) == text); // canonical, whatever the order given
  CHECK(text.find("2031-12-31") != std::string::npos);
}

TEST_CASE("a value's line feed cannot split an entry") {
  BaselineEntry a{fp_a, "", "", "", "line one\nline two", 0};
  auto back = parse_baseline(format_baseline({a}), "kb");
  REQUIRE(back.is_ok());
  REQUIRE(back->entries.size() == 1);
  CHECK(back->entries[0].reason == "line one line two");
}

TEST_CASE("malformed baselines are errors with file:line:column") {
  auto err = [](const std::string& text) {
    auto b = parse_baseline(text, "kb");
    REQUIRE_FALSE(b.is_ok());
    return b.error();
  };
  CHECK(err("nothex\n") == "kb:1:1: expected a fingerprint (RULE-ID@32 hex digits)");
  CHECK(err("\n  github-pat@0123\n").rfind("kb:2:3:", 0) == 0);
  CHECK(err(fp_a + " colour=red\n") == "kb:1:45: unknown field 'colour' (path, expires, "
                                       "approved_by, reason)");
  CHECK(err(fp_a + " expires=2030-02-30\n").rfind("kb:1:53:", 0) == 0);
  CHECK(err(fp_a + " reason=\"open\n").find("unclosed") != std::string::npos);
  CHECK(err(fp_a + " path=a path=b\n").find("given twice") != std::string::npos);
  CHECK(err(fp_a + " path=\n").find("missing") != std::string::npos);
  CHECK(err(fp_a + "path=a\n").find("fingerprint") != std::string::npos);
  CHECK(err(fp_a + " reason=\"a\\tb\"\n").find("escapes") != std::string::npos);
  CHECK(err("GitHub-PAT:0123456789abcdef0123456789abcdef\n").find("fingerprint") !=
        std::string::npos);
}

TEST_CASE("the .keysiftignore form holds fingerprints and comments only") {
  auto ok = parse_baseline(fp_a + "   # a test key\n# note\n" + fp_b + "\n", "ki", true);
  REQUIRE(ok.is_ok());
  CHECK(ok->entries.size() == 2);
  auto bad = parse_baseline(fp_a + " path=x\n", "ki", true);
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.error().find("ki:1:") == 0);
}

TEST_CASE("a baseline's size is bounded") {
  BaselineLimits small;
  small.max_bytes = 100;
  small.max_line = 60;
  CHECK_FALSE(parse_baseline(std::string(101, '#'), "kb", false, small).is_ok());
  auto long_line =
      parse_baseline(fp_a + " reason=" + std::string(40, 'x') + "\n", "kb", false, small);
  REQUIRE_FALSE(long_line.is_ok());
  CHECK(long_line.error().find("longer than 60") != std::string::npos);
}

TEST_CASE("dates") {
  CHECK(valid_date("2024-02-29"));
  CHECK_FALSE(valid_date("2023-02-29"));
  CHECK_FALSE(valid_date("2024-13-01"));
  CHECK_FALSE(valid_date("2024-1-01"));
  CHECK_FALSE(valid_date("24-01-01xx"));
  CHECK(valid_date("2000-02-29"));
  CHECK_FALSE(valid_date("1900-02-29"));
}
