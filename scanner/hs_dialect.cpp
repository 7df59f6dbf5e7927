#include "scanner/hs_dialect.h"

namespace keysift::scanner {

namespace {

// RE2's \s as members of a character class, and its complement as byte ranges.
constexpr std::string_view space_members = "\\t\\n\\f\\r\\x20";
constexpr std::string_view non_space_members = "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\xff";

// The escape `e` (the character after a backslash) in Hyperscan's spelling, or empty
// when it means the same to both engines.
std::string_view translate(char e, bool in_class) {
  switch (e) {
  case 's':
    return in_class ? space_members : "[\\t\\n\\f\\r\\x20]";
  case 'S':
    return in_class ? non_space_members : "[^\\t\\n\\f\\r\\x20]";
  case 'v':
    return "\\x0b";
  default:
    return {};
  }
}

} // namespace

std::string hs_dialect(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  bool in_class = false;
  std::size_t class_start = 0; // where the class's members begin
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      if (e == 'Q') { // quoted to \E (or the end): literal bytes
        const std::size_t end = p.find("\\E", i + 2);
        const std::size_t stop = end == std::string_view::npos ? p.size() : end + 2;
        out.append(p.substr(i, stop - i));
        i = stop - 1;
        continue;
      }
      if (const std::string_view t = translate(e, in_class); !t.empty())
        out.append(t);
      else
        out.append(p.substr(i, 2));
      ++i;
      continue;
    }
    out.push_back(c);
    if (!in_class) {
      if (c == '[') {
        in_class = true;
        class_start = i + 1;
        if (class_start < p.size() && p[class_start] == '^') {
          out.push_back('^');
          ++i;
          ++class_start;
        }
      }
      continue;
    }
    if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') { // [:alpha:] inside a class
      const std::size_t end = p.find(":]", i + 2);
      if (end != std::string_view::npos) {
        out.append(p.substr(i + 1, end + 2 - (i + 1)));
        i = end + 1;
      }
      continue;
    }
    if (c == ']' && i != class_start) in_class = false; // a leading ']' is a member
  }
  return out;
}

} // namespace keysift::scanner
