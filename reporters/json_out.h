// A streaming JSON writer (internal to reporters/). It prints, byte for byte, what
// nlohmann::ordered_json::dump(indent, ' ', false, replace) prints for the same document,
// without building one: a report of thousands of findings is written in a few
// milliseconds instead of tens. Not thread-safe; one per output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding.h"

namespace keysift::reporters {

class JsonOut {
public:
  // indent < 0: one line, no spaces; else `indent` spaces per level.
  JsonOut(std::string& out, int indent) : out_(out), indent_(indent) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name);
  void value(std::string_view text);
  void value(std::uint64_t number);
  void value(double number); // finite; written as the shortest exact form, "x.0" if whole
  // key(name) then value(v).
  template <class T> void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

private:
  void element(); // separator and indentation before a value or key
  void open(char bracket);
  void close(char bracket);
  void newline(std::size_t depth);

  std::string& out_;
  int indent_;
  std::vector<bool> empty_; // per open container: nothing written in it yet
  bool after_key_ = false;
};

// `text` as a JSON string, quotes included; invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view text);

// A finding as the json and jsonl reports write it. Flat snake_case fields: rule_id,
// description, severity, tags (from the report's rule set), path, line, column,
// end_line, end_column, secret, match, entropy, fingerprint, then the fields of its
// location (reporters/location_fields.h; values redacted like the match). A finding seen
// at other places too gets "locations": one object per place, {"path", then its fields}.
// One the suppression stage waved through has "allowed": {"kind", "by", "reason"}.
void write_finding(JsonOut& out, const scanner::Finding& finding,
                   const scanner::ScanReport& report, bool show_secrets);

} // namespace keysift::reporters
