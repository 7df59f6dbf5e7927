#include "policy/gitleaks_ignore.h"

#include <algorithm>

#include <fmt/core.h>

#include "policy/gitleaks_rules.h"

namespace keysift::policy {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t from = 0;;) {
    const std::size_t at = s.find(sep, from);
    out.push_back(s.substr(from, at == std::string_view::npos ? s.npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

bool parse_line_number(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 12) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return out > 0;
}

bool hex_commit(std::string_view s) {
  return s.size() >= 7 && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

} // namespace

GitleaksIgnore parse_gitleaks_ignore(std::string_view text, std::string_view origin,
                                     std::size_t max_bytes) {
  GitleaksIgnore out;
  out.origin = std::string(origin);
  if (text.size() > max_bytes) {
    out.warnings.push_back(
        fmt::format("{}: larger than {} bytes: the rest is not read", origin, max_bytes));
    text = text.substr(0, text.rfind('\n', max_bytes) + 1);
  }
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto parts = split(line, ':');
    GitleaksIgnoreEntry e;
    e.at = line_no;
    bool ok = parts.size() == 3 || parts.size() == 4;
    if (ok) {
      const std::size_t f = parts.size() - 3;
      if (f == 1) e.commit = std::string(parts[0]);
      e.file = std::string(parts[f]);
      std::replace(e.file.begin(), e.file.end(), '\\', '/');
      e.rule = std::string(parts[f + 1]);
      ok = !e.file.empty() && !e.rule.empty() && parse_line_number(parts[f + 2], e.line) &&
           (e.commit.empty() ? f == 0 : hex_commit(e.commit));
    }
    if (!ok) {
      out.warnings.push_back(fmt::format(
          "{}:{}: not a gitleaks fingerprint (FILE:RULE:LINE or COMMIT:FILE:RULE:LINE): "
          "ignored",
          origin, line_no));
      continue;
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

} // namespace keysift::policy

namespace keysift::policy {

std::vector<std::string> unmappable_entries(const GitleaksIgnore& ignore) {
  std::vector<std::string> out;
  for (const auto& e : ignore.entries) {
    const auto& m = map_gitleaks_rule(e.rule);
    if (m.known && m.keysift_ids.empty())
      out.push_back(fmt::format("{}:{}: gitleaks rule '{}' has no keysift equivalent ({}): "
                                "this entry matches nothing",
                                ignore.origin, e.at, e.rule, m.note));
  }
  return out;
}

} // namespace keysift::policy
