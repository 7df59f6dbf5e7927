#include "redact/rule_reach.h"

#include <doctest/doctest.h>

using keysift::redact::analyze_rule;
using keysift::redact::may_match_newline;

TEST_CASE("classes and escapes that can match a newline") {
  CHECK(!may_match_newline(R"(ghp_[A-Za-z0-9]{36})"));
  CHECK(!may_match_newline(R"([^\s'"]+)"));
  CHECK(!may_match_newline(R"(\w+\.\d)"));
  CHECK(may_match_newline(R"(\s+)"));
  CHECK(may_match_newline(R"([^'"]+)"));
  CHECK(may_match_newline(R"([[:space:]])"));
  CHECK(may_match_newline(R"(\x0a)"));
  CHECK(may_match_newline(".", true));
  CHECK(!may_match_newline("."));
}

TEST_CASE("a secret is line-local when it has no newline and at most one char follows") {
  CHECK(analyze_rule(R"(\b(?P<secret>ghp_[A-Za-z0-9]{36})\b)", 1).line_local);
  CHECK(analyze_rule(R"(key\s*=\s*(?P<secret>[a-z0-9]{32})(?:[^a-z0-9]|$))", 1).line_local);
  CHECK(analyze_rule(R"(ghp_[A-Za-z0-9]{36})", 0).line_local);
  // the secret may span lines, or more may follow it, or it may not take part
  CHECK(!analyze_rule(R"(-----BEGIN KEY-----(?P<secret>[A-Za-z0-9+/=\s]+)-----END)", 1)
             .line_local);
  CHECK(!analyze_rule(R"((?P<secret>[a-z]{8})\s+end)", 1).line_local);
  CHECK(!analyze_rule(R"(a(?P<secret>[a-z]{8})|b)", 1).line_local);
  CHECK(!analyze_rule(R"((?:x(?P<secret>[a-z]{8}))?)", 1).line_local);
}

TEST_CASE("a literal start is found only when it is certain") {
  CHECK(analyze_rule(R"(-----BEGIN KEY-----[\s\S]+)", 0).literal_prefix ==
        "-----BEGIN KEY-----");
  CHECK(analyze_rule(R"(abc?d)", 0).literal_prefix == "ab");
  CHECK(analyze_rule(R"((?i)abc)", 0).literal_prefix.empty());
  CHECK(analyze_rule(R"(abc|xyz)", 0).literal_prefix.empty());
}

TEST_CASE("head atoms stop at the first construct that may match a newline") {
  using V = std::vector<std::string>;
  CHECK(analyze_rule(R"(\bdata[ \t]{0,5}:\r?\n\s+(?P<secret>x+))", 1).head_atoms ==
        V{R"(\b)", "d", "a", "t", "a", R"([ \t]{0,5})", ":", R"(\r?)", R"(\n)"});
  CHECK(analyze_rule(R"(-----BEGIN X-----[\s\S]+)", 0).head_atoms.size() == 17);
}

TEST_CASE("an anchor is a literal every match holds before its secret") {
  auto r =
      analyze_rule(R"([?&\s]access_token=(?P<secret>[a-f0-9]{40})\b[^\r\n]{0,9}\n\s*x)", 1);
  CHECK(!r.line_local);
  CHECK(r.anchor == "access_token=");
  CHECK(!r.anchor_caseless);
  r = analyze_rule(
      R"((?i:ConvertTo-Secure)\s{1,4}['"](?P<secret>[^'"\r\n]{4,128})['"]\s+x)", 1);
  CHECK(r.anchor == "ConvertTo-Secure");
  CHECK(r.anchor_caseless);
  CHECK(analyze_rule(R"(-----BEGIN X-----[\s\S]+)", 0).anchor == "-----BEGIN X-----");
}

TEST_CASE("hex escapes count by their value") {
  CHECK(!may_match_newline(R"(\x27)"));
  CHECK(may_match_newline(R"(\x0a)"));
  CHECK(may_match_newline(R"([\x00-\x0a])"));
  CHECK(may_match_newline(R"([\x00-\x7f])"));
  CHECK(!may_match_newline(R"([!-~])"));
  CHECK(may_match_newline(R"([\t-\r])"));
  CHECK(analyze_rule(R"(pw='(?P<secret>[^'\s]{3,9})\x27)", 1).line_local);
}

TEST_CASE("a trailer may end with the newline that ends the secret's line") {
  CHECK(analyze_rule(R"((?:^|\n)pwd=(?P<secret>[^\s'"]{3,99})[ \t]*(?:\r?\n|$))", 1)
            .line_local);
  CHECK(analyze_rule(R"(pwd=(?P<secret>[^\s'"]{3,99})[ \t]*\r?\n)", 1).line_local);
  CHECK(!analyze_rule(R"(pwd=(?P<secret>[^\s'"]{3,99})\n\s*x)", 1).line_local);
}

TEST_CASE("a match lies within one line when no part of the regex can match a newline") {
  CHECK(analyze_rule(R"(token=(?P<secret>[^\s'"]{8,}))", 1).match_in_line);
  CHECK(analyze_rule(R"(\b(?P<secret>ghp_[A-Za-z0-9]{36})\b)", 1).match_in_line);
  CHECK(!analyze_rule(R"(key\s*=\s*(?P<secret>[a-z0-9]{32}))", 1).match_in_line);
  CHECK(!analyze_rule(R"((?s)key=(?P<secret>.{8}))", 1).match_in_line);
}

TEST_CASE("a trailer that may end with one newline keeps a secret line-local") {
  CHECK(analyze_rule(R"(pass=(?P<secret>[a-z]{4,9})[ \t]*(?:[#\r\n]|$))", 1).line_local);
  CHECK(analyze_rule(R"(pass=(?P<secret>[a-z]{4,9})[ \t]*\r?\n)", 1).line_local);
  CHECK(analyze_rule(R"(pass=(?P<secret>[a-z]{4,9})[ \t]*(?:\r?\n|$))", 1).line_local);
  // two characters that may be newlines, or a quantified class, may reach the next line
  CHECK(!analyze_rule(R"(pass=(?P<secret>[a-z]{4,9})[ \t]*[\r\n]+)", 1).line_local);
  CHECK(!analyze_rule(R"(pass=(?P<secret>[a-z]{4,9})\n(?:[#\r\n]|$))", 1).line_local);
  CHECK(
      !analyze_rule(R"(pass=(?P<secret>[a-z]{4,9})[ \t]*(?:[#\r\n]|\s\s))", 1).line_local);
}
