#include "reporters/json_out.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "reporters/display.h"
#include "reporters/json_fields.h"
#include "reporters/location_fields.h"

namespace keysift::reporters {
namespace {

// How many continuation bytes a lead byte announces, and the range of the first of them
// (strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF). 0: not a lead.
struct Lead {
  int more = 0;
  unsigned char lo = 0x80, hi = 0xBF;
};

Lead lead(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return {1};
  if (c == 0xE0) return {2, 0xA0, 0xBF};
  if (c == 0xED) return {2, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return {2};
  if (c == 0xF0) return {3, 0x90, 0xBF};
  if (c == 0xF4) return {3, 0x80, 0x8F};
  if (c >= 0xF1 && c <= 0xF3) return {3};
  return {};
}

void append_escaped_ascii(std::string& out, unsigned char c) {
  switch (c) {
  case '"':
    out += "\\\"";
    return;
  case '\\':
    out += "\\\\";
    return;
  case '\b':
    out += "\\b";
    return;
  case '\f':
    out += "\\f";
    return;
  case '\n':
    out += "\\n";
    return;
  case '\r':
    out += "\\r";
    return;
  case '\t':
    out += "\\t";
    return;
  default:
    if (c < 0x20)
      out += fmt::format("\\u{:04x}", c);
    else
      out += static_cast<char>(c);
  }
}

constexpr std::string_view replacement = "\xEF\xBF\xBD";

} // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      append_escaped_ascii(out, c);
      ++i;
      continue;
    }
    const Lead l = lead(c);
    if (l.more == 0) { // not a lead byte: replaced, consumed
      out += replacement;
      ++i;
      continue;
    }
    // A sequence cut short is replaced once; the byte that broke it starts afresh.
    std::size_t k = 1;
    for (; k <= static_cast<std::size_t>(l.more) && i + k < n; ++k) {
      const unsigned char lo = k == 1 ? l.lo : 0x80, hi = k == 1 ? l.hi : 0xBF;
      if (p[i + k] < lo || p[i + k] > hi) break;
    }
    if (k == static_cast<std::size_t>(l.more) + 1) {
      out.append(text.substr(i, k));
    } else {
      out += replacement;
    }
    i += k;
  }
  out += '"';
}

void JsonOut::newline(std::size_t depth) {
  out_ += '\n';
  out_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

void JsonOut::element() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  if (indent_ >= 0) newline(empty_.size());
}

void JsonOut::open(char bracket) {
  element();
  out_ += bracket;
  empty_.push_back(true);
}

void JsonOut::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty && indent_ >= 0) newline(empty_.size());
  out_ += bracket;
}

void JsonOut::key(std::string_view name) {
  element();
  append_json_string(out_, name);
  out_ += indent_ >= 0 ? ": " : ":";
  after_key_ = true;
}

void JsonOut::value(std::string_view text) {
  element();
  append_json_string(out_, text);
}

void JsonOut::value(std::uint64_t number) {
  element();
  fmt::format_to(std::back_inserter(out_), "{}", number);
}

void JsonOut::value(double number) {
  element();
  const std::string s = fmt::format("{}", number);
  out_ += s;
  if (s.find_first_of(".e") == std::string::npos) out_ += ".0";
}

void write_finding(JsonOut& out, const scanner::Finding& f,
                   const scanner::ScanReport& report, bool show_secrets) {
  const rules::Rule& rule = report.rule(f);
  out.begin_object();
  out.member("rule_id", rule.id);
  out.member("description", rule.description);
  out.member("severity", rule.severity);
  out.key("tags");
  out.begin_array();
  for (const auto& tag : rule.tags) out.value(tag);
  out.end_array();
  out.member("path", f.path());
  out.member("line", f.line);
  out.member("column", f.column);
  out.member("end_line", f.end_line);
  out.member("end_column", f.end_column);
  out.member("secret", shown_secret(f, show_secrets));
  out.member("match", shown_text(f.match, f, show_secrets));
  out.member("entropy", round3(f.entropy));
  out.member("fingerprint", f.fingerprint);
  if (!f.context.empty()) out.member("context", f.context);
  for (const auto& [name, value] : finding_fields(f, report.catalog))
    out.member(name, shown_text(value, f, show_secrets));
  if (!f.allowed.kind.empty()) {
    out.key("allowed");
    out.begin_object();
    out.member("kind", f.allowed.kind);
    out.member("by", f.allowed.by);
    out.member("reason", f.allowed.reason);
    out.end_object();
  }
  if (f.origin && !f.origin->also.empty()) {
    out.key("locations");
    out.begin_array();
    for (const auto& where : f.origin->also) {
      out.begin_object();
      out.member("path", scanner::path_of(where));
      for (const auto& [name, value] : location_fields(where, report.catalog))
        out.member(name, shown_text(value, f, show_secrets));
      out.end_object();
    }
    out.end_array();
  }
  out.end_object();
}

} // namespace keysift::reporters
