// The csv format: one row per place a secret was found (RFC 4180: comma-separated,
// CRLF line ends, fields quoted when they hold a comma, a quote or a line break), with a
// header row: rule_id, description, severity, path, line, column, end_line, end_column,
// secret (redacted unless show_secrets), fingerprint, commit, author, email, date, image,
// layer, entropy. A field that a spreadsheet would run as a formula (starting with =, +,
// -, @, a tab or a carriage return) gets a leading apostrophe. Written by finish(). Used
// by one thread; does not own the stream.
#pragma once

#include <string>
#include <string_view>

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class CsvReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

// Exposed for tests: one field, quoted and defused as described above.
std::string csv_field(std::string_view text);

} // namespace keysift::reporters
