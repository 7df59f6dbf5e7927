#include "redact/rule_reach.h"

#include <cctype>
#include <cstring>

namespace keysift::redact {
namespace {

// Escapes that never match '\n'.
bool safe_escape(char c) {
  if (std::strchr("bBdwSAzGQE", c) != nullptr) return true; // classes, anchors
  if (std::strchr("tfra", c) != nullptr) return true;       // single non-newline chars
  return std::ispunct(static_cast<unsigned char>(c)) != 0;  // \. \- \/ …
}

// For "\\xHH" at `i`: the byte's value, else -1.
int hex_escape(std::string_view p, std::size_t i) {
  if (i + 3 >= p.size() || p[i] != '\\' || p[i + 1] != 'x' ||
      !std::isxdigit(static_cast<unsigned char>(p[i + 2])) ||
      !std::isxdigit(static_cast<unsigned char>(p[i + 3])))
    return -1;
  return std::stoi(std::string(p.substr(i + 2, 2)), nullptr, 16);
}

// Reads a bracket class starting at `i` ('['); returns the index past it, and whether
// the class may match '\n'. On malformed input returns npos (caller: unsure).
std::size_t read_class(std::string_view p, std::size_t i, bool& newline) {
  ++i;
  const bool negated = i < p.size() && p[i] == '^';
  if (negated) ++i;
  bool excludes_newline = false; // for a negated class: lists \n or \s
  newline = false;
  bool first = true;
  int prev = -1; // the last single character, for a range "a-b"
  for (; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '-' && prev >= 0 && i + 1 < p.size() && p[i + 1] != ']') {
      const int x = hex_escape(p, i + 1);
      const int hi = x >= 0             ? x
                     : p[i + 1] == '\\' ? 255
                                        : static_cast<unsigned char>(p[i + 1]);
      if (prev <= '\n' && hi >= '\n') newline = true;
      prev = -1;
      continue;
    }
    prev = static_cast<unsigned char>(c);
    if (c == ']' && !first) {
      ++i;
      if (negated) newline = !excludes_newline;
      return i;
    }
    first = false;
    if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') { // [:alpha:]
      const std::size_t end = p.find(":]", i + 2);
      if (end == std::string_view::npos) return std::string_view::npos;
      const std::string_view name = p.substr(i + 2, end - i - 2);
      if (name == "space" || name == "cntrl" || name.starts_with('^')) newline = true;
      i = end + 1;
      continue;
    }
    if (c == '\n' || (static_cast<unsigned char>(c) < 0x20 && c != '\t')) newline = true;
    if (const int x = hex_escape(p, i); x >= 0) {
      if (x == '\n') newline = true;
      prev = x;
      i += 3;
      continue;
    }
    if (c != '\\' || i + 1 >= p.size()) continue;
    const char e = p[++i];
    prev = e == 't'                                      ? 9
           : e == 'r'                                    ? 13
           : e == 'f'                                    ? 12
           : e == 'a'                                    ? 7
           : std::ispunct(static_cast<unsigned char>(e)) ? static_cast<unsigned char>(e)
                                                         : -1;
    if (e == 'n' || e == 's') excludes_newline = true;
    if (e == 'n' || e == 's' || e == 'v' || e == 'W' || e == 'D' || e == 'x' || e == 'p' ||
        e == 'P' || e == 'C' || (e >= '0' && e <= '7') || !safe_escape(e))
      newline = true;
  }
  return std::string_view::npos;
}

// Calls visit(i) for each '(', ')' and '|' of `p` from `from` on that is not escaped or
// inside a character class, until visit returns true. False if a class is unterminated.
template <class Visit>
bool for_each_structural(std::string_view p, std::size_t from, Visit visit) {
  for (std::size_t i = from; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == '[') {
      bool ignored = false;
      i = read_class(p, i, ignored);
      if (i == std::string_view::npos) return false;
      --i;
    } else if ((p[i] == '(' || p[i] == ')' || p[i] == '|') && visit(i)) {
      return true;
    }
  }
  return true;
}

// Index of the ')' closing the group opened at `open`, or npos.
std::size_t group_end(std::string_view p, std::size_t open) {
  int depth = 0;
  std::size_t end = std::string_view::npos;
  for_each_structural(p, open, [&](std::size_t i) {
    if (p[i] == '(')
      ++depth;
    else if (p[i] == ')' && --depth == 0)
      end = i;
    return end != std::string_view::npos;
  });
  return end;
}

// Index of the '(' opening capturing group `n` (1-based), or npos.
std::size_t find_group(std::string_view p, int n) {
  int seen = 0;
  std::size_t at = std::string_view::npos;
  for_each_structural(p, 0, [&](std::size_t i) {
    const bool capturing = p[i] == '(' && (i + 1 >= p.size() || p[i + 1] != '?' ||
                                           p.substr(i).starts_with("(?P<"));
    if (capturing && ++seen == n) at = i;
    return at != std::string_view::npos;
  });
  return at;
}

std::size_t atom_end(std::string_view p, std::size_t i);

// Whether `a` matches at most one character: an end anchor, one escape or class, "\r?\n"
// (whose newline is still the last character).
bool one_char_or_end(std::string_view a) {
  if (a == "$" || a == "\\z" || a == "\\Z" || a == "\\r?\\n") return true;
  if (a.size() == 2 && a[0] == '\\') return true;
  if (a.size() == 4 && hex_escape(a, 0) >= 0) return true;
  bool ignored = false;
  return a.starts_with('[') && read_class(a, 0, ignored) == a.size();
}

// The same for an atom, or a group of such alternatives: "(?:[#\r\n]|$)".
bool one_char_atom(std::string_view atom) {
  if (one_char_or_end(atom)) return true;
  if (!atom.starts_with("(?:") || !atom.ends_with(")")) return false;
  const std::string_view body = atom.substr(3, atom.size() - 4);
  if (body.find('(') != std::string_view::npos) return false;
  std::size_t from = 0;
  bool ok = true;
  const bool well_formed = for_each_structural(body, 0, [&](std::size_t i) {
    if (body[i] != '|') return (ok = false), true;
    ok = one_char_or_end(body.substr(from, i - from));
    from = i + 1;
    return !ok;
  });
  return well_formed && ok && one_char_or_end(body.substr(from));
}

// Whether `t` can hold a newline only as its last character ("[ \t]*\r?\n",
// "[ \t]*(?:[#\r\n]|$)").
bool newline_only_last(std::string_view t) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t end = atom_end(t, i);
    if (end == std::string_view::npos) return false;
    last = i;
    i = end;
  }
  return one_char_atom(t.substr(last)) && !may_match_newline(t.substr(0, last));
}

// What may follow a secret and still keep it line-local: nothing, word boundaries, end
// anchors, or one character class (possibly "or end").
bool short_trailer(std::string_view t) {
  while (t.starts_with("\\b")) t.remove_prefix(2);
  while (t.ends_with("\\b")) t.remove_suffix(2);
  if (t.empty() || t == "$" || t == "\\z" || newline_only_last(t)) return true;
  std::string_view alt = t;
  if (alt.starts_with("(?:") && alt.ends_with(")")) {
    alt = alt.substr(3, alt.size() - 4);
    for (std::string_view end : {"|$", "|\\z"})
      if (alt.ends_with(end)) alt.remove_suffix(end.size());
  }
  if (alt.size() == 2 && alt[0] == '\\') return true; // \W, \s, …: one character
  if (alt.starts_with('[')) {
    bool ignored = false;
    return read_class(alt, 0, ignored) == alt.size();
  }
  return false;
}

// Whether the group opened at `open` sits at depth 0 of a pattern without a top-level '|'.
bool top_level(std::string_view p, std::size_t open) {
  int depth = 0;
  bool ok = true;
  const bool well_formed = for_each_structural(p, 0, [&](std::size_t i) {
    if (p[i] == '(') {
      ok = i != open || depth == 0;
      ++depth;
    } else if (p[i] == ')') {
      --depth;
    } else { // '|'
      ok = depth != 0;
    }
    return !ok;
  });
  return well_formed && ok;
}

std::string literal_prefix(std::string_view p) {
  if (!top_level(p, std::string_view::npos)) return {}; // unsure which branch starts
  std::size_t i = 0;
  while (p.substr(i).starts_with("\\b") || p.substr(i).starts_with("^"))
    i += p[i] == '^' ? 1u : 2u; // zero-width: the match still starts with what follows
  std::string lit;
  for (; i < p.size(); ++i) {
    const char c = p[i];
    if (std::isalnum(static_cast<unsigned char>(c)) ||
        std::strchr("-_ :=/@#%&!,<>'\"", c)) {
      lit += c;
    } else if (c == '\\' && i + 1 < p.size() &&
               std::ispunct(static_cast<unsigned char>(p[i + 1]))) {
      lit += p[++i];
    } else {
      if (std::strchr("?*{", c) && !lit.empty()) lit.pop_back(); // last char is optional
      break;
    }
  }
  return lit;
}

// End of the atom starting at `i`, with its quantifier; npos when unsure.
std::size_t atom_end(std::string_view p, std::size_t i) {
  std::size_t j = i + 1;
  if (hex_escape(p, i) >= 0) {
    j = i + 4;
  } else if (p[i] == '\\') {
    j = i + 2;
  } else if (p[i] == '[') {
    bool ignored = false;
    j = read_class(p, i, ignored);
  } else if (p[i] == '(') {
    j = group_end(p, i);
    if (j != std::string_view::npos) ++j;
  } else if (std::strchr("|)?*+{", p[i]) != nullptr) {
    return std::string_view::npos;
  }
  if (j == std::string_view::npos || j > p.size()) return std::string_view::npos;
  if (j < p.size() && std::strchr("?*+", p[j]) != nullptr)
    ++j;
  else if (j < p.size() && p[j] == '{') {
    const std::size_t close = p.find('}', j);
    if (close == std::string_view::npos) return close;
    j = close + 1;
  }
  if (j < p.size() && p[j] == '?') ++j; // lazy
  return j;
}

std::vector<std::string> head_atoms(std::string_view p, bool dotall) {
  std::vector<std::string> atoms;
  for (std::size_t i = 0; i < p.size();) {
    const std::size_t end = atom_end(p, i);
    if (end == std::string_view::npos) break;
    const std::string_view atom = p.substr(i, end - i);
    if (atom.starts_with("(?") && !atom.starts_with("(?:") && !atom.starts_with("(?P<"))
      break; // a flag group
    if (atom != "\\n" && may_match_newline(atom, dotall)) break;
    atoms.emplace_back(atom);
    i = end;
  }
  return atoms;
}

// The character an atom matches if it is one literal character, else 0.
char literal_char(std::string_view atom) {
  if (atom.size() == 1 && (std::isalnum(static_cast<unsigned char>(atom[0])) ||
                           std::strchr("-_ :=/@#%&!,<>'\"", atom[0])))
    return atom[0];
  if (atom.size() == 2 && atom[0] == '\\' &&
      std::ispunct(static_cast<unsigned char>(atom[1])))
    return atom[1];
  return 0;
}

// The longest run of literal characters among the top-level atoms before `stop`;
// "(?i:abc)" groups count as caseless runs.
void find_anchor(std::string_view p, std::size_t stop, RuleReach& r) {
  std::string run;
  const auto keep = [&](const std::string& lit, bool caseless) {
    if (lit.size() > r.anchor.size()) {
      r.anchor = lit;
      r.anchor_caseless = caseless;
    }
  };
  for (std::size_t i = 0; i < stop;) {
    const std::size_t end = atom_end(p, i);
    if (end == std::string_view::npos || end > stop) break;
    const std::string_view atom = p.substr(i, end - i);
    i = end;
    if (const char c = literal_char(atom)) {
      run += c;
      continue;
    }
    keep(run, false);
    run.clear();
    if (atom.starts_with("(?i:") && atom.ends_with(")")) {
      std::string lit;
      const std::string_view body = atom.substr(4, atom.size() - 5);
      for (std::size_t j = 0; j < body.size(); ++j) {
        const std::size_t k = body[j] == '\\' ? j + 2 : j + 1;
        const char c = literal_char(body.substr(j, k - j));
        if (!c) {
          lit.clear();
          break;
        }
        lit += c;
        j = k - 1;
      }
      keep(lit, true);
    }
  }
  keep(run, false);
}

} // namespace

bool may_match_newline(std::string_view p, bool dotall) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\n' || (static_cast<unsigned char>(c) < 0x20 && c != '\t')) return true;
    if (c == '.' && dotall) return true;
    if (c == '[') {
      bool newline = false;
      const std::size_t next = read_class(p, i, newline);
      if (next == std::string_view::npos || newline) return true;
      i = next - 1;
    } else if (const int x = hex_escape(p, i); x >= 0) {
      if (x == '\n') return true;
      i += 3;
    } else if (c == '\\') {
      if (i + 1 >= p.size() || !safe_escape(p[i + 1])) return true;
      ++i;
    }
  }
  return false;
}

RuleReach analyze_rule(std::string_view regex, int secret_group) {
  RuleReach r;
  // (?s) anywhere, or a flag group with s: '.' matches '\n'.
  bool dotall = false;
  for (std::size_t at = regex.find("(?"); at != std::string_view::npos;
       at = regex.find("(?", at + 2)) {
    const std::size_t end = regex.find_first_of(":)", at + 2);
    const std::string_view flags = regex.substr(at + 2, end - at - 2);
    if (flags.find('s') != std::string_view::npos &&
        flags.find('<') == std::string_view::npos)
      dotall = true;
  }
  if (!dotall && regex.find("(?i") == std::string_view::npos)
    r.literal_prefix = literal_prefix(regex);
  if (!r.literal_prefix.empty()) r.head_atoms = head_atoms(regex, dotall);
  r.match_in_line = !may_match_newline(regex, dotall);
  r.anchor = r.literal_prefix;
  if (secret_group <= 0) {
    r.line_local = !may_match_newline(regex, dotall);
    return r;
  }
  const std::size_t open = find_group(regex, secret_group);
  const std::size_t close = open == std::string_view::npos ? open : group_end(regex, open);
  // The group must always take part in a match (else the secret is the whole match).
  if (close == std::string_view::npos || !top_level(regex, open)) return r;
  if (r.anchor.empty() && !dotall && regex.find("(?i)") == std::string_view::npos)
    find_anchor(regex, open, r);
  if (r.anchor.size() < 3) r.anchor.clear();
  r.line_local = !may_match_newline(regex.substr(open, close + 1 - open), dotall) &&
                 (short_trailer(regex.substr(close + 1)) ||
                  !may_match_newline(regex.substr(close + 1), dotall));
  return r;
}

} // namespace keysift::redact
