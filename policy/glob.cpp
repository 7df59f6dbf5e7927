#include "policy/glob.h"

#include <re2/re2.h>

namespace keysift::policy {
namespace {

// RE2 metacharacters that must be escaped to stand for themselves.
bool is_meta(char c) {
  return std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos;
}

void literal(std::string& out, char c) {
  if (is_meta(c)) out += '\\';
  out += c;
}

// Copies the class starting at glob[i] ('['); returns the index after its ']'.
Result<std::size_t> copy_class(std::string_view glob, std::size_t i, std::string& out) {
  std::size_t j = i + 1;
  out += '[';
  if (j < glob.size() && (glob[j] == '!' || glob[j] == '^')) {
    out += "^/"; // a negated class never matches the separator
    ++j;
  }
  const std::size_t first = j;
  for (; j < glob.size(); ++j) {
    const char c = glob[j];
    if (c == ']' && j > first) {
      out += ']';
      return j + 1;
    }
    if (c == '\\') {
      if (++j == glob.size()) break;
      out += '\\';
      out += glob[j];
    } else if (c == '[' || c == '^') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return Status::error("unclosed '[' in glob '" + std::string(glob) + "'");
}

// Whether `s` is UTF-8 that RE2 takes in a pattern: no stray continuation byte, no
// truncated or overlong sequence, no surrogate, nothing past U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80                 ? 1
                          : c >= 0xC2 && c <= 0xDF ? 2
                          : c >= 0xE0 && c <= 0xEF ? 3
                          : c >= 0xF0 && c <= 0xF4 ? 4
                                                   : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = n == 1 ? char32_t{c} : static_cast<char32_t>(c & (0x7Fu >> n));
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | static_cast<char32_t>(b & 0x3Fu);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += n;
  }
  return true;
}

} // namespace

Result<std::string> glob_to_regex(std::string_view glob) {
  if (glob.empty()) return Status::error("empty glob");
  if (!valid_utf8(glob)) return Status::error("a glob must be valid UTF-8");
  if (glob.find('\0') != std::string_view::npos)
    return Status::error("a glob cannot hold a NUL byte");
  std::string_view body = glob;
  bool anchored = false;
  if (body.front() == '/') {
    anchored = true;
    body.remove_prefix(1);
  }
  while (!body.empty() && body.back() == '/') body.remove_suffix(1);
  if (body.empty()) return Status::error("glob '" + std::string(glob) + "' names no path");
  if (body.find('/') != std::string_view::npos) anchored = true;
  // (?s): a path holding a newline must not slip past ".*".
  std::string out = anchored ? "(?s)^" : "(?s)^(?:.*/)?";
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (c == '*' && i + 1 < body.size() && body[i + 1] == '*') {
      const bool dir = i + 2 < body.size() && body[i + 2] == '/';
      out += dir ? "(?:.*/)?" : ".*"; // "**/" may match no directory at all
      i += dir ? 3 : 2;
    } else if (c == '*') {
      out += "[^/]*";
      ++i;
    } else if (c == '?') {
      out += "[^/]";
      ++i;
    } else if (c == '[') {
      auto next = copy_class(body, i, out);
      if (!next) return next.status();
      i = *next;
    } else if (c == '\\') {
      if (i + 1 == body.size())
        return Status::error("glob '" + std::string(glob) + "' ends with a backslash");
      literal(out, body[i + 1]);
      i += 2;
    } else {
      literal(out, c);
      ++i;
    }
  }
  out += "(?:/.*)?$"; // a matching directory covers what lies below it
  // A class such as [z-a] is copied as written: let RE2 judge what it cannot run.
  RE2::Options options;
  options.set_log_errors(false);
  if (const RE2 check(out, options); !check.ok())
    return Status::error("glob '" + std::string(glob) +
                         "' is not a pattern keysift can run");
  return out;
}

std::string relative_path(std::string_view path, std::string_view root) {
  auto clean = [](std::string_view p) {
    std::string out;
    out.reserve(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '/' && !out.empty() && out.back() == '/') continue;
      out += p[i];
    }
    while (out.size() >= 2 && out[0] == '.' && out[1] == '/') out.erase(0, 2);
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
  };
  std::string p = clean(path);
  const std::string r = clean(root);
  if (r.empty() || r == ".") return p;
  if (p.size() > r.size() && p.compare(0, r.size(), r) == 0 &&
      (r.back() == '/' || p[r.size()] == '/'))
    return p.substr(r.back() == '/' ? r.size() : r.size() + 1);
  return p;
}

} // namespace keysift::policy
