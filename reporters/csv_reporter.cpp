#include "reporters/csv_reporter.h"

#include <fmt/format.h>

#include "reporters/display.h"
#include "reporters/json_fields.h"
#include "reporters/places.h"

namespace keysift::reporters {
namespace {

constexpr std::string_view kHeader =
    "rule_id,description,severity,path,line,column,end_line,end_column,secret,fingerprint,"
    "commit,author,email,date,image,layer,entropy\r\n";

void row(std::string& out, const scanner::Finding& f, const rules::Rule& rule,
         const Place& p, bool show) {
  const std::string fields[] = {rule.id,
                                rule.description,
                                rule.severity,
                                std::string(p.path),
                                std::to_string(p.line),
                                std::to_string(p.column),
                                std::to_string(p.end_line),
                                std::to_string(p.end_column),
                                shown_secret(f, show),
                                f.fingerprint,
                                std::string(p.field("commit")),
                                shown_text(p.field("author"), f, show),
                                shown_text(p.field("email"), f, show),
                                std::string(p.field("date")),
                                shown_text(p.field("image"), f, show),
                                std::string(p.field("layer")),
                                fmt::format("{:.3f}", round3(f.entropy))};
  bool first = true;
  for (const auto& field : fields) {
    if (!first) out += ',';
    out += csv_field(field);
    first = false;
  }
  out += "\r\n";
}

} // namespace

void CsvReporter::on_finding(const scanner::Finding& /*finding*/,
                             const scanner::ScanReport& /*context*/) {}

void CsvReporter::finish(const scanner::ScanReport& report) {
  std::string out;
  guarded("cannot write the csv report", [&] {
    out = kHeader;
    for (const auto& f : report.findings)
      for (const Place& p : places_of(f, report.catalog))
        row(out, f, report.rule(f), p, options().show_secrets);
  });
  if (status().is_ok()) write(out, true);
}

std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' ||
                        text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
    value = "'";
  value += text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

} // namespace keysift::reporters
