#include "policy/baseline.h"

#include <algorithm>
#include <tuple>

#include <fmt/core.h>

namespace keysift::policy {
namespace {

constexpr std::string_view header =
    "# keysift baseline: accepted findings, one per line, kept sorted by keysift.\n"
    "# FINGERPRINT [path=GLOB] [expires=YYYY-MM-DD] [approved_by=WHO] [reason=\"WHY\"]\n"
    "# Add entries with `keysift ... --baseline FILE --update-baseline`; see README.\n";

bool blank(char c) {
  return c == ' ' || c == '\t';
}

bool bare_ok(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '"' && c != '#' && c != '=' && c != '\\';
}

bool needs_quotes(std::string_view v) {
  return v.empty() || !std::all_of(v.begin(), v.end(), bare_ok);
}

std::string quoted(std::string_view v) {
  if (!needs_quotes(v)) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    // A line feed would split the entry: control characters become blanks.
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7f ? ' ' : c;
  }
  return out + '"';
}

struct LineParser {
  std::string_view text;
  std::string_view origin;
  std::size_t line = 0;
  std::size_t i = 0;

  Status error(std::string_view message) const {
    return Status::error(fmt::format("{}:{}:{}: {}", origin, line, i + 1, message));
  }
  bool at_end() const { return i >= text.size(); }
  void skip_blanks() {
    while (!at_end() && blank(text[i])) ++i;
  }
  std::string_view word() {
    const std::size_t from = i;
    while (!at_end() && bare_ok(text[i])) ++i;
    return text.substr(from, i - from);
  }
  Result<std::string> value() {
    if (at_end() || text[i] != '"') {
      const std::string_view w = word();
      if (w.empty()) return error("a value is missing after '='");
      return std::string(w);
    }
    std::string out;
    for (++i; !at_end(); ++i) {
      char c = text[i];
      if (c == '"') {
        ++i;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        return error("a control character in a quoted value");
      if (c == '\\') {
        if (i + 1 == text.size()) break;
        c = text[++i];
        if (c != '"' && c != '\\') return error("only \\\" and \\\\ are escapes");
      }
      out += c;
    }
    return error("unclosed '\"'");
  }
};

Status parse_field(LineParser& p, BaselineEntry& e) {
  const std::size_t key_at = p.i;
  const std::string_view key = p.word();
  if (key.empty()) return p.error("expected key=value");
  if (p.at_end() || p.text[p.i] != '=')
    return p.error("expected '=' after '" + std::string(key) + "'");
  ++p.i;
  const std::size_t value_at = p.i;
  auto value = p.value();
  if (!value) return value.status();
  std::string* field = nullptr;
  if (key == "path")
    field = &e.path;
  else if (key == "expires")
    field = &e.expires;
  else if (key == "approved_by")
    field = &e.approved_by;
  else if (key == "reason")
    field = &e.reason;
  if (!field) {
    p.i = key_at;
    return p.error("unknown field '" + std::string(key) +
                   "' (path, expires, approved_by, reason)");
  }
  if (!field->empty()) {
    p.i = key_at;
    return p.error("'" + std::string(key) + "' given twice");
  }
  if (key == "expires" && !valid_date(*value)) {
    p.i = value_at;
    return p.error("'expires' must be a date, YYYY-MM-DD");
  }
  if (value->empty()) {
    p.i = value_at;
    return p.error("'" + std::string(key) + "' is empty");
  }
  *field = std::move(value).value();
  return Status::ok();
}

} // namespace

bool BaselineEntry::same(const BaselineEntry& o) const {
  return std::tie(fingerprint, path, expires, approved_by, reason) ==
         std::tie(o.fingerprint, o.path, o.expires, o.approved_by, o.reason);
}

bool valid_fingerprint(std::string_view s) {
  const std::size_t colon = s.rfind('@');
  if (colon == std::string_view::npos || colon == 0 || s.size() - colon - 1 != 32)
    return false;
  const std::string_view id = s.substr(0, colon), hex = s.substr(colon + 1);
  auto lower_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (!lower_digit(id[0])) return false;
  if (!std::all_of(id.begin(), id.end(), [&](char c) {
        return lower_digit(c) || c == '-' || c == '.' || c == '_';
      }))
    return false;
  return std::all_of(hex.begin(), hex.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + (d[at + i] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), day = num(8, 2);
  if (y < 1970 || m < 1 || m > 12 || day < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

Result<Baseline> parse_baseline(std::string_view text, std::string_view origin,
                                bool fingerprints_only, BaselineLimits limits) {
  if (text.size() > limits.max_bytes)
    return Status::error(fmt::format("{}: {} bytes, more than a baseline may hold ({})",
                                     origin, text.size(), limits.max_bytes));
  Baseline out;
  out.origin = std::string(origin);
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    LineParser p{line, origin, line_no, 0};
    if (line.size() > limits.max_line)
      return p.error(fmt::format("line longer than {} bytes", limits.max_line));
    p.skip_blanks();
    if (p.at_end() || line[p.i] == '#') continue;
    BaselineEntry e;
    e.line = line_no;
    e.fingerprint = std::string(p.word());
    if (!valid_fingerprint(e.fingerprint)) {
      p.i = line.find_first_not_of(" \t");
      return p.error("expected a fingerprint (RULE-ID@32 hex digits)");
    }
    for (;;) {
      const std::size_t before = p.i;
      p.skip_blanks();
      if (p.at_end() || line[p.i] == '#') break; // a trailing comment
      if (p.i == before) return p.error("expected a blank between fields");
      if (fingerprints_only) return p.error("expected only a fingerprint and a comment");
      if (auto st = parse_field(p, e); !st) return st;
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::string format_entry(const BaselineEntry& e) {
  std::string out = e.fingerprint;
  auto add = [&](std::string_view key, const std::string& v) {
    if (v.empty()) return;
    out += ' ';
    out += key;
    out += '=';
    out += quoted(v);
  };
  add("path", e.path);
  add("expires", e.expires);
  add("approved_by", e.approved_by);
  add("reason", e.reason);
  return out;
}

std::string format_baseline(const std::vector<BaselineEntry>& entries) {
  std::vector<std::string> lines;
  lines.reserve(entries.size());
  for (const auto& e : entries) lines.push_back(format_entry(e));
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  std::string out(header);
  for (const auto& l : lines) {
    out += l;
    out += '\n';
  }
  return out;
}

} // namespace keysift::policy
