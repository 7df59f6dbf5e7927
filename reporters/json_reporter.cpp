#include "reporters/json_reporter.h"

#include "reporters/json_fields.h"
#include "reporters/json_out.h"

namespace keysift::reporters {

void JsonReporter::on_finding(const scanner::Finding& /*finding*/,
                              const scanner::ScanReport& /*context*/) {}

void JsonReporter::finish(const scanner::ScanReport& report) {
  std::string text;
  guarded("cannot write the json report", [&] {
    JsonOut out(text, 2);
    out.begin_object();
    out.key("findings");
    out.begin_array();
    for (const auto& finding : report.findings)
      write_finding(out, finding, report, options().show_secrets);
    out.end_array();
    out.key("errors");
    out.begin_array();
    for (const auto& error : report.errors) {
      out.begin_object();
      out.member("path", error.path);
      out.member("reason", error.reason);
      out.end_object();
    }
    out.end_array();
    const auto& stats = report.stats;
    out.key("stats");
    out.begin_object();
    out.member("files_scanned", stats.files_scanned);
    out.member("bytes_scanned", stats.bytes_scanned);
    out.key("skipped");
    out.begin_object();
    for (const auto& [reason, count] : stats.skipped) {
      out.member(reason, count);
    }
    out.end_object();
    out.member("rules", stats.rules);
    out.member("seconds", round3(stats.seconds));
    out.end_object();
    out.end_object();
    text += '\n';
  });
  if (status().is_ok()) write(text, true);
}

} // namespace keysift::reporters
