#include "reporters/json_reporter.h"

#include "reporters/json_fields.h"

namespace keysift::reporters {

namespace {

Json stats_to_json(const scanner::ScanStats& stats) {
  Json out = Json::object();
  out["files_scanned"] = stats.files_scanned;
  out["bytes_scanned"] = stats.bytes_scanned;
  out["skipped"] = Json::object();
  for (const auto& [reason, count] : stats.skipped) out["skipped"][reason] = count;
  out["rules"] = stats.rules;
  out["seconds"] = round3(stats.seconds);
  return out;
}

Json report_to_json(const scanner::ScanReport& report, bool show_secrets) {
  Json out = Json::object();
  out["findings"] = Json::array();
  for (const auto& finding : report.findings) {
    out["findings"].push_back(finding_to_json(finding, show_secrets));
  }
  out["errors"] = Json::array();
  for (const auto& error : report.errors) {
    out["errors"].push_back(Json{{"path", error.path}, {"reason", error.reason}});
  }
  out["stats"] = stats_to_json(report.stats);
  return out;
}

} // namespace

void JsonReporter::on_finding(const scanner::Finding& /*finding*/) {}

void JsonReporter::finish(const scanner::ScanReport& report) {
  std::string text;
  guarded("cannot write the json report", [&] {
    text = dump_json(report_to_json(report, options().show_secrets), 2);
    text += '\n';
  });
  if (status().is_ok()) write(text, true);
}

} // namespace keysift::reporters
