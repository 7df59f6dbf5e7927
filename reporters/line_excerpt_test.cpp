#include "reporters/line_excerpt.h"

#include <doctest/doctest.h>

using keysift::reporters::make_line_excerpt;
using keysift::scanner::Finding;

namespace {

Finding finding(std::string line, std::string secret, std::uint64_t column) {
  Finding f;
  f.line_text = std::move(line);
  f.secret = std::move(secret);
  f.line_text_column = column;
  return f;
}

} // namespace

TEST_CASE("the secret is located at line_text_column and redacted") {
  const auto ex =
      make_line_excerpt(finding("key = tok_FAKE_0000;\n", "tok_FAKE_0000", 7), false);
  CHECK(ex.before == "key = ");
  CHECK(ex.secret == "tok_****");
  CHECK(ex.after == ";");
  CHECK(ex.before_cells == 6);
  CHECK(ex.secret_cells == 8);
}

TEST_CASE("show_secrets shows it whole; other occurrences are redacted otherwise") {
  const Finding f = finding("a=tok_FAKE_0000 b=tok_FAKE_0000", "tok_FAKE_0000", 19);
  const auto shown = make_line_excerpt(f, true);
  CHECK(shown.before == "a=tok_FAKE_0000 b=");
  CHECK(shown.secret == "tok_FAKE_0000");
  const auto hidden = make_line_excerpt(f, false);
  CHECK(hidden.before == "a=tok_**** b=");
  CHECK(hidden.secret == "tok_****");
}

TEST_CASE("a wrong column falls back to the first occurrence") {
  const auto ex = make_line_excerpt(finding("x tok_FAKE_0000", "tok_FAKE_0000", 99), true);
  CHECK(ex.before == "x ");
  CHECK(ex.secret == "tok_FAKE_0000");
}

TEST_CASE("a secret not in the line leaves the line unmarked") {
  const auto ex = make_line_excerpt(finding("unrelated", "tok_FAKE_0000", 1), false);
  CHECK(ex.secret.empty());
  CHECK(ex.secret_cells == 0);
  CHECK(ex.before + ex.after == "unrelated");
}

TEST_CASE("a multi-line secret is marked up to the end of the line") {
  const Finding f =
      finding("key: -----BEGIN FAKE KEY-----\n", "-----BEGIN FAKE KEY-----\nAAAA", 6);
  const auto shown = make_line_excerpt(f, true);
  CHECK(shown.secret == "-----BEGIN FAKE KEY-----");
  CHECK(shown.after.empty());
  CHECK(make_line_excerpt(f, false).secret == "----****");
}

TEST_CASE("a long line is cut around the secret") {
  const std::string line = std::string(300, 'x') + "tok_FAKE_0000" + std::string(300, 'y');
  const auto ex = make_line_excerpt(finding(line, "tok_FAKE_0000", 301), true, 40);
  CHECK(ex.secret == "tok_FAKE_0000");
  // 40 - 13 = 27 cells of context: 13 before, 14 after, plus "..." on each side.
  CHECK(ex.before == "..." + std::string(13, 'x'));
  CHECK(ex.after == std::string(14, 'y') + "...");
  CHECK(ex.before_cells == 16);
}

TEST_CASE("the unused share of one side goes to the other") {
  const std::string line = "k=tok_FAKE_0000" + std::string(300, 'y');
  const auto ex = make_line_excerpt(finding(line, "tok_FAKE_0000", 3), true, 40);
  CHECK(ex.before == "k=");
  CHECK(ex.after == std::string(25, 'y') + "...");
}

TEST_CASE("a secret longer than the limit is cut too") {
  const std::string secret(100, 's');
  const auto ex = make_line_excerpt(finding("a" + secret + "b", secret, 2), true, 40);
  CHECK(ex.secret == std::string(40, 's') + "...");
  CHECK(ex.secret_cells == 43);
  CHECK(ex.before == "...");
  CHECK(ex.after == "...");
}

TEST_CASE("control characters in the line are escaped, cells count escapes whole") {
  const auto ex =
      make_line_excerpt(finding("\x1b[2J=tok_FAKE_0000\a", "tok_FAKE_0000", 6), true);
  CHECK(ex.before == "\\x1b[2J=");
  CHECK(ex.before_cells == 5);
  CHECK(ex.after == "\\x07");
}

TEST_CASE("another secret on the same line is redacted too") {
  const Finding f = finding("a=tok_FAKE_0000 b=zz_OTHER_1111", "tok_FAKE_0000", 3);
  const auto ex = make_line_excerpt(f, false, keysift::reporters::kExcerptCells,
                                    {"tok_FAKE_0000", "zz_OTHER_1111"});
  CHECK(ex.secret == "tok_****");
  CHECK(ex.after == " b=zz_O****");
  const auto shown = make_line_excerpt(f, true, keysift::reporters::kExcerptCells,
                                       {"tok_FAKE_0000", "zz_OTHER_1111"});
  CHECK(shown.after == " b=zz_OTHER_1111");
}

TEST_CASE("a secret found decoded is marked on its encoded text, never shown encoded") {
  // "dG9rX0ZBS0VfMDAwMA==" is base64 for the secret tok_FAKE_0000.
  Finding f = finding("x: dG9rX0ZBS0VfMDAwMA== end", "tok_FAKE_0000", 4);
  f.decoded = {"base64"};
  f.size = 20;
  const auto ex = make_line_excerpt(f, false);
  CHECK(ex.before == "x: ");
  CHECK(ex.secret == "dG9r****");
  CHECK(ex.after == " end");
  CHECK(make_line_excerpt(f, true).secret == "dG9rX0ZBS0VfMDAwMA==");
}
