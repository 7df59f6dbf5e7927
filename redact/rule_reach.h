// How far back a rule's future match can reach: what `keysift redact` needs to know to
// release bytes early. Derived from the regex text by a deliberately conservative
// lexical reading: when in doubt, a rule counts as able to span lines and as having no
// literal start, which only makes redact hold bytes longer, never release a secret.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace keysift::redact {

struct RuleReach {
  // The secret never contains '\n', and what follows it in a match either cannot contain
  // '\n' or is a single character: a secret completing later lies on the input's last,
  // unfinished line.
  bool line_local = false;
  // No match contains '\n': a match lies within one line.
  bool match_in_line = false;
  // Every match starts with this literal (empty: unknown); case-sensitive.
  std::string literal_prefix;
  // When literal_prefix is set: the regex's leading top-level atoms (quantifiers
  // included) up to the first one that may match '\n' other than an exact "\n". Every
  // match starts with a match of their concatenation, so a literal occurrence that the
  // atoms do not match cannot start one.
  std::vector<std::string> head_atoms;
  // A literal that every match holds before its secret (the literal start when there is
  // one): a secret can only start after an occurrence of it. Empty: none found.
  std::string anchor;
  bool anchor_caseless = false;
};

// `secret_group`: the capturing group holding the secret (0: the whole match).
RuleReach analyze_rule(std::string_view regex, int secret_group);

// Whether any string matched by `fragment` could contain '\n' (true when unsure).
bool may_match_newline(std::string_view fragment, bool dotall = false);

} // namespace keysift::redact
