#include "reporters/display.h"

#include <doctest/doctest.h>

using keysift::reporters::display_cells;
using keysift::reporters::terminal_safe;

TEST_CASE("terminal_safe escapes control characters and keeps printable text") {
  CHECK(terminal_safe("plain text") == "plain text");
  CHECK(terminal_safe("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(terminal_safe("bell\a\r\n") == "bell\\x07\\x0d\\x0a");
  CHECK(terminal_safe("a\tb") == "a b");
  CHECK(terminal_safe("del\x7f") == "del\\x7f");
  CHECK(terminal_safe(std::string_view("nul\0", 4)) == "nul\\x00");
}

TEST_CASE("terminal_safe escapes C1 controls, bidi overrides and invalid UTF-8") {
  CHECK(terminal_safe("\xc2\x9b"
                      "2J") == "\\u{9b}2J"); // U+009B, an 8-bit CSI
  // NOLINTNEXTLINE(misc-misleading-bidirectional): the override is the input under test
  CHECK(terminal_safe("a\xe2\x80\xae"
                      "b") == "a\\u{202e}b"); // RIGHT-TO-LEFT OVERRIDE
  // NOLINTNEXTLINE(misc-misleading-bidirectional): the isolate is the input under test
  CHECK(terminal_safe("\xe2\x81\xa6x") == "\\u{2066}x"); // LEFT-TO-RIGHT ISOLATE
  CHECK(terminal_safe("bad\xff\xfe") == "bad\\xff\\xfe");
  CHECK(terminal_safe("cut\xe2\x82") == "cut\\xe2\\x82");
  CHECK(terminal_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // a UTF-16 surrogate
  CHECK(terminal_safe("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");
}

TEST_CASE("display_cells gives one cell per character") {
  const auto cells = display_cells("a\xc3\xa9\x1b\xff");
  REQUIRE(cells.size() == 4);
  CHECK(cells[0] == "a");
  CHECK(cells[1] == "\xc3\xa9");
  CHECK(cells[2] == "\\x1b");
  CHECK(cells[3] == "\\xff");
}
