#include "reporters/json_reporter.h"

#include "reporters/coverage.h"
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
    if (options().show_allowed) {
      out.key("allowed");
      out.begin_array();
      for (const auto& finding : report.allowed)
        write_finding(out, finding, report, options().show_secrets);
      out.end_array();
    }
    out.key("errors");
    out.begin_array();
    for (const auto& error : report.errors) {
      out.begin_object();
      out.member("path", error.path);
      out.member("reason", error.reason);
      out.member("kind", error.kind);
      out.end_object();
    }
    out.end_array();
    out.key("stats");
    write_coverage(out, report);
    if (!report.notes.empty()) {
      out.key("notes");
      out.begin_array();
      for (const auto& n : report.notes) {
        out.begin_object();
        out.member("kind", n.kind);
        out.member("where", n.where);
        out.member("entry", n.fingerprint);
        if (!n.detail.empty()) out.member("detail", n.detail);
        out.end_object();
      }
      out.end_array();
    }
    out.end_object();
    text += '\n';
  });
  if (status().is_ok()) write(text, true);
}

} // namespace keysift::reporters
