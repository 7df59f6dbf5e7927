#include "policy/allow_comment.h"

#include <algorithm>

namespace keysift::policy {
namespace {

constexpr std::string_view keysift_marker = "keysift:allow";
constexpr std::string_view gitleaks_marker = "gitleaks:allow";
constexpr std::size_t max_reason = 200; // a reason is a sentence, not a document

bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_';
}

bool word_char(char c) {
  return id_char(c) || (c >= 'A' && c <= 'Z');
}

bool blank(char c) {
  return c == ' ' || c == '\t';
}

// The offset of `marker` standing alone in `text` from `from`, or npos.
std::size_t find_marker(std::string_view text, std::string_view marker, std::size_t from) {
  for (std::size_t at = text.find(marker, from); at != std::string_view::npos;
       at = text.find(marker, at + 1)) {
    const std::size_t end = at + marker.size();
    const bool before_ok = at == 0 || !word_char(text[at - 1]);
    const bool after_ok = end == text.size() || !word_char(text[end]);
    if (before_ok && after_ok) return at;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Rule ids after the marker, separated by commas or blanks, up to "--" or the first
// character that cannot be in an id. Any word there is taken as an id (lower-cased), so
// a misspelt or free-text word narrows the comment to nothing rather than widening it to
// every rule.
std::size_t parse_ids(std::string_view text, std::size_t i, std::vector<std::string>& out) {
  for (;;) {
    while (i < text.size() && (blank(text[i]) || text[i] == ',')) ++i;
    if (i + 1 < text.size() && text[i] == '-' && text[i + 1] == '-') return i; // a reason
    std::size_t k = i;
    while (k < text.size() && word_char(text[k])) ++k;
    if (k == i) return i;
    std::string id(text.substr(i, k - i));
    for (char& c : id)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(std::move(id));
    i = k;
  }
}

} // namespace

bool AllowComment::allows(std::string_view rule_id) const {
  return rule_ids.empty() ||
         std::find(rule_ids.begin(), rule_ids.end(), rule_id) != rule_ids.end();
}

std::string AllowComment::marker() const {
  std::string out(gitleaks ? gitleaks_marker : keysift_marker);
  for (std::size_t i = 0; i < rule_ids.size(); ++i) out += (i ? "," : " ") + rule_ids[i];
  return out;
}

std::optional<AllowComment> find_allow_comment(std::string_view text) {
  const std::size_t k = find_marker(text, keysift_marker, 0);
  const std::size_t g = find_marker(text, gitleaks_marker, 0);
  if (k == std::string_view::npos && g == std::string_view::npos) return std::nullopt;
  AllowComment out;
  out.gitleaks = k == std::string_view::npos || (g != std::string_view::npos && g < k);
  const std::size_t at = out.gitleaks ? g : k;
  std::size_t i = at + (out.gitleaks ? gitleaks_marker.size() : keysift_marker.size());
  if (!out.gitleaks) i = parse_ids(text, i, out.rule_ids);
  const std::size_t line_end = std::min(text.find('\n', i), text.size());
  std::string_view rest = text.substr(i, line_end - i);
  while (!rest.empty() && blank(rest.front())) rest.remove_prefix(1);
  if (rest.substr(0, 2) == "--") {
    std::string_view reason = trim(rest.substr(2));
    // A comment's closing token is not part of the reason.
    for (std::string_view close : {"*/", "-->", "#}", "%>"})
      if (reason.size() >= close.size() &&
          reason.substr(reason.size() - close.size()) == close)
        reason = trim(reason.substr(0, reason.size() - close.size()));
    out.reason = std::string(reason.substr(0, max_reason));
  }
  return out;
}

} // namespace keysift::policy
