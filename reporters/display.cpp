#include "reporters/display.h"

#include <algorithm>

#include <fmt/format.h>

#include "reporters/redact.h"
#include "reporters/utf8.h"

namespace keysift::reporters {

namespace {

// Characters that a terminal acts on or that reorder what is shown (Trojan Source).
bool is_unsafe_code_point(char32_t cp) {
  if (cp >= 0x80 && cp <= 0x9F) return true;     // C1 controls (0x9B is a CSI)
  if (cp >= 0x202A && cp <= 0x202E) return true; // bidi embeddings and overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true; // bidi isolates
  return cp == 0x2028 || cp == 0x2029;           // line and paragraph separators
}

std::string ascii_cell(unsigned char byte) {
  if (byte == '\t') return " ";
  if (byte < 0x20 || byte == 0x7F) return fmt::format("\\x{:02x}", byte);
  return std::string(1, static_cast<char>(byte));
}

} // namespace

std::string shown_secret(const scanner::Finding& finding, bool show_secrets) {
  return show_secrets ? finding.secret : redact_secret(finding.secret);
}

std::string shown_text(std::string_view text, const scanner::Finding& finding,
                       bool show_secrets) {
  return show_secrets ? std::string(text) : redact_in(text, finding.secret);
}

std::string shown_text(std::string_view text, const scanner::Finding& finding,
                       bool show_secrets, const std::vector<std::string>& also) {
  std::string out = shown_text(text, finding, show_secrets);
  if (show_secrets) return out;
  std::vector<const std::string*> longest_first;
  longest_first.reserve(also.size());
  for (const auto& s : also) longest_first.push_back(&s);
  std::stable_sort(
      longest_first.begin(), longest_first.end(),
      [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
  for (const std::string* s : longest_first) out = redact_in(out, *s);
  return out;
}

std::vector<std::string> secret_forms(const scanner::Finding& finding) {
  std::vector<std::string> out{finding.secret};
  const std::size_t start = finding.line_text_column - 1;
  if (!finding.decoded.empty() && finding.line_text_column >= 1 &&
      start < finding.line_text.size())
    out.push_back(finding.line_text.substr(start, finding.size));
  return out;
}

std::vector<std::string> display_cells(std::string_view text) {
  std::vector<std::string> cells;
  cells.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t len = utf8_sequence_length(text, pos);
    if (len == 0) {
      cells.push_back(fmt::format("\\x{:02x}", static_cast<unsigned char>(text[pos])));
      ++pos;
      continue;
    }
    if (len == 1) {
      cells.push_back(ascii_cell(static_cast<unsigned char>(text[pos])));
    } else if (const char32_t cp = utf8_decode(text, pos, len); is_unsafe_code_point(cp)) {
      cells.push_back(fmt::format("\\u{{{:x}}}", static_cast<std::uint32_t>(cp)));
    } else {
      cells.emplace_back(text.substr(pos, len));
    }
    pos += len;
  }
  return cells;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const std::string& cell : display_cells(text)) out += cell;
  return out;
}

} // namespace keysift::reporters
