#include "lang/literal.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace keysift::lang {
namespace {

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The rest of the string literal opened by `quote` just before the value: from the
// value's start up to the closing quote (or the end of the line).
std::string_view string_body(std::string_view from_value, char quote) {
  for (std::size_t i = 0; i < from_value.size(); ++i) {
    if (from_value[i] == '\\') {
      // An escaped closing quote (\" inside JSON in a string) ends the inner string.
      if (i + 1 < from_value.size() && from_value[i + 1] == quote)
        return from_value.substr(0, i);
      ++i;
      continue;
    }
    if (from_value[i] == quote) return from_value.substr(0, i);
  }
  return from_value;
}

// Interpolation or format markers inside a string: the value is filled in at run time.
bool has_placeholder(std::string_view body) {
  constexpr std::array<std::string_view, 7> markers = {"${", "#{", "{{", "<%",
                                                       "%(", "{}", "$("};
  if (std::any_of(markers.begin(), markers.end(), [&](std::string_view m) {
        return body.find(m) != std::string_view::npos;
      }))
    return true;
  // {0}, {name}, {name:fmt}: a .NET / Python format field.
  for (std::size_t open = body.find('{'); open != std::string_view::npos;
       open = body.find('{', open + 1)) {
    std::size_t i = open + 1;
    while (i < body.size() && (is_word(body[i]) || body[i] == '.' || body[i] == ':')) ++i;
    if (i > open + 1 && i < body.size() && body[i] == '}') return true;
  }
  return false;
}

// A variable inside a double-quoted string of a language that interpolates it ("d_$token"
// in Perl, "x$expected_line" in shell, "{$this->key}" in PHP), or a command substitution
// in shell ("`pwd`"): the value is filled in at run time. A variable name is one case
// throughout (`$token`, `$PREFIX`) and 3+ long: a random secret that happens to hold a '$'
// (…xC$utE) is still a literal.
bool interpolated(std::string_view body, Language language) {
  if (language != Language::shell && language != Language::interpolating) return false;
  if (body.find("{$") != std::string_view::npos) return true;
  // A command substitution in shell, `cmd` (pwd="`pwd`"): a backtick before a lower-case
  // command name and a closing one.
  if (language == Language::shell) {
    const std::size_t tick = body.find('`');
    if (tick != std::string_view::npos && tick + 1 < body.size() &&
        std::islower(static_cast<unsigned char>(body[tick + 1])) != 0 &&
        body.find('`', tick + 2) != std::string_view::npos)
      return true;
  }
  for (std::size_t at = body.find('$'); at != std::string_view::npos;
       at = body.find('$', at + 1)) {
    if (at > 0 && body[at - 1] == '\\') continue; // \$: a literal dollar
    std::size_t end = at + 1;
    bool lower = false, upper = false;
    while (end < body.size() && is_word(body[end])) {
      lower = lower || std::islower(static_cast<unsigned char>(body[end])) != 0;
      upper = upper || std::isupper(static_cast<unsigned char>(body[end])) != 0;
      ++end;
    }
    const bool name =
        end - at > 3 && !std::isdigit(static_cast<unsigned char>(body[at + 1]));
    if (name && lower != upper) return true;
  }
  return false;
}

// What follows the closing quote makes the string a format: "…".format(…), "…" % x.
bool formatted_after(std::string_view after_string) {
  const std::string_view rest = trim_left(after_string);
  if (starts_with(rest, ".format(") || starts_with(rest, ".formatted(")) return true;
  return starts_with(rest, "% ") || starts_with(rest, "%(") ||
         (rest.size() > 1 && rest[0] == '%' && is_word(rest[1]));
}

bool quoted_literal(const ValueSite& s, std::string_view before, char quote) {
  const std::string_view from_value = s.line.substr(before.size());
  const std::string_view body = string_body(from_value, quote);
  if (has_placeholder(body)) return false;
  if (quote == '"' && interpolated(body, s.language)) return false;
  // An f-string (Python) or $"…" (C#) with a field in it.
  const std::string_view prefix = before.substr(0, before.size() - 1);
  if (!prefix.empty() &&
      (prefix.back() == 'f' || prefix.back() == 'F' || prefix.back() == '$') &&
      (prefix.size() == 1 || !is_word(prefix[prefix.size() - 2])) &&
      body.find('{') != std::string_view::npos)
    return false;
  std::size_t end = body.size();
  if (end < from_value.size() && from_value[end] == '\\') ++end; // \" closes it
  if (end < from_value.size()) return !formatted_after(from_value.substr(end + 1));
  return true;
}

// Whether the value sits in a comment of a code file (where prose, not code, follows):
// the line (or, in code embedded in a string such as a source map, the text after the
// last escaped newline) starts with a comment marker.
bool in_comment(std::string_view before) {
  if (const std::size_t nl = before.rfind("\\n"); nl != std::string_view::npos)
    before.remove_prefix(nl + 2);
  return comment_line(before);
}

// The quote that opens a string at the value, or '\0' when the value starts no string:
// it is bare, or the quote before it closes one (`" Credential="+key`). Lexes the line
// up to the value for strings; when the line was cut before its start, the quote is
// taken to open one.
char opening_quote(std::string_view before, bool line_cut) {
  const char q = before.empty() ? '\0' : before.back();
  if (q != '"' && q != '\'' && q != '`') return '\0';
  if (line_cut || (before.size() >= 2 && before[before.size() - 2] == '\\')) return q;
  char open = '\0';
  for (std::size_t i = 0; i + 1 < before.size(); ++i) {
    const char c = before[i];
    if (c == '\\') {
      ++i;
    } else if (open != '\0') {
      if (c == open) open = '\0';
    } else if (c == '"' || c == '\'' || c == '`') {
      open = c;
    }
  }
  return open == q ? '\0' : q;
}

std::string folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value spells the name it is assigned to, a part of it, or the name and more
// (PASS_THROUGH = "passthrough", KubeadmCertsSecret = "kubeadm-certs", SecretTypeOpaque =
// "Opaque", availabilitySetNodesKey = "k8sAvailabilitySetNodesKey"): an enum constant
// or a resource name, not a secret.
bool echoes_key(std::string_view before, std::string_view value) {
  std::size_t end = before.size();
  while (end > 0 && std::string_view(" \t\"'`:=>!?[]\\").find(before[end - 1]) !=
                        std::string_view::npos)
    --end;
  std::size_t begin = end;
  while (begin > 0 && (is_word(before[begin - 1]) || before[begin - 1] == '-' ||
                       before[begin - 1] == '.' || before[begin - 1] == '$'))
    --begin;
  const std::string key = folded(before.substr(begin, end - begin));
  const std::string val = folded(value);
  if (val.size() < 5 || key.size() < 5) return false;
  if (key.find(val) != std::string::npos ||
      (key.size() >= 12 && val.find(key) != std::string::npos))
    return true;
  // Or most of the value starts as the name does (DefaultGatewayV4AuxKey =
  // "DefaultGatewayIPv4").
  std::size_t common = 0;
  while (common < key.size() && common < val.size() && key[common] == val[common]) ++common;
  return common >= 8 && common * 5 >= val.size() * 3;
}

} // namespace

bool comment_line(std::string_view line) {
  line = trim_left(line);
  constexpr std::array<std::string_view, 6> preprocessor = {"#define", "#include", "#if",
                                                            "#undef",  "#pragma",  "#!"};
  if (starts_with(line, "#"))
    return std::none_of(preprocessor.begin(), preprocessor.end(),
                        [&](std::string_view d) { return starts_with(line, d); });
  constexpr std::array<std::string_view, 6> leaders = {"//", "/*", "*", "--", "<!--", ";"};
  return std::any_of(leaders.begin(), leaders.end(),
                     [&](std::string_view m) { return starts_with(line, m); });
}

bool literal_value(const ValueSite& s) {
  const std::size_t start = std::min(s.start, s.line.size());
  const std::string_view before = s.line.substr(0, start);
  if (echoes_key(before, s.line.substr(start, s.size))) return false;
  const char quote = opening_quote(before, s.line_cut);
  if (quote != '\0') return quoted_literal(s, before, quote);
  if (s.language != Language::code && s.language != Language::interpolating) return true;
  return in_comment(trim_right(before));
}

} // namespace keysift::lang
