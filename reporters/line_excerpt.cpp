#include "reporters/line_excerpt.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "reporters/display.h"
#include "reporters/redact.h"

namespace keysift::reporters {

namespace {

constexpr std::string_view kEllipsis = "...";

struct Span {
  std::size_t start = 0;
  std::size_t length = 0; // 0: the secret is not in the line
};

std::string_view without_newline(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Where the secret (or, for a multi-line secret, its first part) sits in the line.
Span locate(std::string_view line, const scanner::Finding& finding) {
  const std::string_view secret = finding.secret;
  if (secret.empty()) return {};
  if (!finding.decoded.empty()) { // placed on the encoded text
    if (finding.line_text_column < 1 || finding.line_text_column > line.size()) return {};
    const std::size_t start = finding.line_text_column - 1;
    return {start, std::min<std::size_t>(finding.size, line.size() - start)};
  }
  if (finding.line_text_column >= 1 && finding.line_text_column <= line.size()) {
    const std::size_t start = finding.line_text_column - 1;
    const std::size_t length = std::min(secret.size(), line.size() - start);
    if (line.substr(start, length) == secret.substr(0, length)) return {start, length};
  }
  const std::size_t at = line.find(secret);
  if (at == std::string_view::npos) return {};
  return {at, secret.size()};
}

std::string join(const std::vector<std::string>& cells, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += cells[i];
  return out;
}

// Splits the budget between the two sides, giving one side's unused share to the other.
std::pair<std::size_t, std::size_t> share(std::size_t budget, std::size_t left,
                                          std::size_t right) {
  std::size_t take_left = std::min(left, budget / 2);
  const std::size_t take_right = std::min(right, budget - take_left);
  take_left = std::min(left, budget - take_right);
  return {take_left, take_right};
}

} // namespace

LineExcerpt make_line_excerpt(const scanner::Finding& finding, bool show_secrets,
                              std::size_t max_cells, const std::vector<std::string>& also) {
  const std::string_view line = without_newline(finding.line_text);
  const Span span = locate(line, finding);
  const std::size_t end = span.start + span.length;
  const auto before =
      display_cells(shown_text(line.substr(0, span.start), finding, show_secrets, also));
  const std::string_view marked = line.substr(span.start, span.length);
  auto secret = display_cells(show_secrets              ? std::string(marked)
                              : finding.decoded.empty() ? shown_secret(finding, false)
                                                        : redact_secret(marked));
  if (span.length == 0) secret.clear();
  const auto after =
      display_cells(shown_text(line.substr(end), finding, show_secrets, also));

  LineExcerpt out;
  bool secret_cut = false;
  if (secret.size() > max_cells) {
    secret.resize(max_cells);
    secret_cut = true;
  }
  const auto [left, right] = share(max_cells - secret.size(), before.size(), after.size());
  if (left < before.size()) out.before = kEllipsis;
  out.before += join(before, before.size() - left, before.size());
  out.before_cells = left + (left < before.size() ? kEllipsis.size() : 0);
  out.secret = join(secret, 0, secret.size());
  if (secret_cut) out.secret += kEllipsis;
  out.secret_cells = secret.size() + (secret_cut ? kEllipsis.size() : 0);
  out.after = join(after, 0, right);
  if (right < after.size()) out.after += kEllipsis;
  return out;
}

} // namespace keysift::reporters
