#include "rules/secret_tail.h"

#include <algorithm>
#include <charconv>

namespace keysift::rules {
namespace {

// Widths above this are not worth knowing: the caller then searches as it always did.
constexpr std::size_t too_wide = 4096;
// A byte that may start a multi-byte UTF-8 character: RE2 matches whole characters.
constexpr std::size_t widest_char = 4;

// A recursive-descent reader of the bounded subset of RE2's syntax; any other construct
// makes the width unknown. Nesting is bounded so that hostile input cannot exhaust the
// stack.
class TailReader {
public:
  explicit TailReader(std::string_view s) : s_(s) {}

  std::optional<std::size_t> whole() {
    auto w = alternation(0);
    if (!w || at_ < s_.size()) return std::nullopt;
    return w;
  }

private:
  std::optional<std::size_t> alternation(int depth) {
    if (depth > 32) return std::nullopt;
    std::size_t widest = 0;
    for (;;) {
      auto w = sequence(depth);
      if (!w) return std::nullopt;
      widest = std::max(widest, *w);
      if (at_ < s_.size() && s_[at_] == '|') {
        ++at_;
        continue;
      }
      return widest;
    }
  }

  std::optional<std::size_t> sequence(int depth) {
    std::size_t sum = 0;
    while (at_ < s_.size() && s_[at_] != '|' && s_[at_] != ')') {
      auto w = atom(depth);
      if (!w) return std::nullopt;
      auto times = repeat();
      if (!times) return std::nullopt;
      sum += *w * *times;
      if (sum > too_wide) return std::nullopt;
    }
    return sum;
  }

  // How many times the atom just read may repeat, at most.
  std::optional<std::size_t> repeat() {
    if (at_ >= s_.size()) return 1;
    std::size_t times = 1;
    const char c = s_[at_];
    if (c == '*' || c == '+') return std::nullopt;
    if (c == '?') {
      ++at_;
    } else if (c == '{') {
      const std::size_t close = s_.find('}', at_);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string_view inside = s_.substr(at_ + 1, close - at_ - 1);
      const std::size_t comma = inside.find(',');
      const std::string_view top =
          comma == std::string_view::npos ? inside : inside.substr(comma + 1);
      if (top.empty()) return std::nullopt; // {n,}: unbounded
      const auto [end, ec] = std::from_chars(top.data(), top.data() + top.size(), times);
      if (ec != std::errc() || end != top.data() + top.size() || times > too_wide)
        return std::nullopt;
      at_ = close + 1;
    } else {
      return 1;
    }
    if (at_ < s_.size() && s_[at_] == '?') ++at_; // lazy: the same widest match
    return times;
  }

  std::optional<std::size_t> atom(int depth) {
    const char c = s_[at_];
    if (c == '(') return group(depth);
    if (c == '[') return char_class();
    if (c == '\\') return escape();
    ++at_;
    if (c == '^' || c == '$') return 0;
    if (c == '.') return widest_char;
    return 1; // a literal byte (each byte of a multi-byte character counts once)
  }

  std::optional<std::size_t> group(int depth) {
    ++at_;
    if (at_ < s_.size() && s_[at_] == '?') {
      // (?:…), (?i:…), (?P<name>…); a bare flag group (?i) changes no width.
      std::size_t i = at_ + 1;
      if (i < s_.size() && s_[i] == 'P') {
        const std::size_t close = s_.find('>', i);
        if (close == std::string_view::npos) return std::nullopt;
        i = close + 1;
      } else {
        while (i < s_.size() && s_[i] != ':' && s_[i] != ')') ++i;
        if (i >= s_.size()) return std::nullopt;
        if (s_[i] == ')') {
          at_ = i + 1;
          return 0;
        }
        ++i;
      }
      at_ = i;
    }
    auto w = alternation(depth + 1);
    if (!w || at_ >= s_.size() || s_[at_] != ')') return std::nullopt;
    ++at_;
    return w;
  }

  std::optional<std::size_t> char_class() {
    std::size_t i = at_ + 1;
    bool multibyte = i < s_.size() && s_[i] == '^';
    if (multibyte) ++i;
    if (i < s_.size() && s_[i] == ']') ++i; // a leading ] is a member
    for (; i < s_.size() && s_[i] != ']'; ++i) {
      if (static_cast<unsigned char>(s_[i]) >= 0x80) multibyte = true;
      if (s_[i] == '[' && i + 1 < s_.size() && s_[i + 1] == ':') {
        const std::size_t close = s_.find(":]", i + 2);
        if (close == std::string_view::npos) return std::nullopt;
        i = close + 1;
      } else if (s_[i] == '\\') {
        if (i + 1 >= s_.size()) return std::nullopt;
        const char e = s_[i + 1];
        if (e == 'S' || e == 'W' || e == 'D' || e == 'p' || e == 'P' || e == 'x')
          multibyte = true;
        ++i;
      }
    }
    if (i >= s_.size()) return std::nullopt;
    at_ = i + 1;
    return multibyte ? widest_char : 1;
  }

  std::optional<std::size_t> escape() {
    if (at_ + 1 >= s_.size()) return std::nullopt;
    const char e = s_[at_ + 1];
    at_ += 2;
    switch (e) {
    case 'b':
    case 'B':
    case 'A':
    case 'z':
      return 0;
    case 'S':
    case 'W':
    case 'D':
    case 'C':
      return widest_char;
    case 'x': { // \xHH; \x{…} is not read here
      if (at_ + 2 > s_.size() || !hex(s_[at_]) || !hex(s_[at_ + 1])) return std::nullopt;
      const bool ascii = s_[at_] < '8';
      at_ += 2;
      return ascii ? 1 : widest_char;
    }
    case 'p':
    case 'P':
    case 'Q':
    case 'E':
      return std::nullopt; // forms with arguments: not read here
    default:
      return 1;
    }
  }

  static bool hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  std::string_view s_;
  std::size_t at_ = 0;
};

// Where the top-level `(?P<secret>…)` group closes, or npos.
std::size_t secret_group_end(std::string_view regex) {
  constexpr std::string_view open = "(?P<secret>";
  int depth = 0;
  bool in_class = false;
  std::size_t group_start = std::string_view::npos;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < regex.size() && regex[i + 1] == ']')
        ++i;
      else if (i + 2 < regex.size() && regex[i + 1] == '^' && regex[i + 2] == ']')
        i += 2;
    } else if (c == '(') {
      if (depth == 0 && group_start == std::string_view::npos &&
          regex.substr(i, open.size()) == open)
        group_start = i;
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return std::string_view::npos;
      if (depth == 0 && group_start != std::string_view::npos) return i + 1;
    }
  }
  return std::string_view::npos;
}

} // namespace

std::optional<std::size_t> secret_tail_width(std::string_view regex) {
  const std::size_t end = secret_group_end(regex);
  if (end == std::string_view::npos) return std::nullopt;
  // A repeated or optional secret group: what follows is not only the tail.
  if (end < regex.size() &&
      std::string_view("?*+{").find(regex[end]) != std::string_view::npos)
    return std::nullopt;
  return TailReader(regex.substr(end)).whole();
}

} // namespace keysift::rules
