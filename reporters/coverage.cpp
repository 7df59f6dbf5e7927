#include "reporters/coverage.h"

#include <ctime>

#include <fmt/format.h>

namespace keysift::reporters {

std::string utc_time(std::int64_t unix_ms) {
  const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     unix_ms % 1000);
}

void write_coverage(JsonOut& out, const scanner::ScanReport& report) {
  const auto& stats = report.stats;
  out.begin_object();
  out.member("status", stats.status);
  out.member("files_scanned", stats.files_scanned);
  out.member("bytes_scanned", stats.bytes_scanned);
  out.key("requested");
  out.begin_object();
  out.member("mode", stats.requested.mode);
  out.key("targets");
  out.begin_array();
  for (const auto& t : stats.requested.targets) out.value(t);
  out.end_array();
  for (const auto& [unit, n] : stats.requested.units) out.member(unit, n);
  out.end_object();
  out.key("scanned");
  out.begin_object();
  out.member("files", stats.files_scanned);
  out.member("bytes", stats.bytes_scanned);
  for (const auto& [unit, n] : stats.scanned) out.member(unit, n);
  out.end_object();
  out.key("skipped");
  out.begin_object();
  for (const auto& [reason, n] : stats.skipped) out.member(reason, n);
  out.end_object();
  out.key("gaps");
  out.begin_object();
  for (const auto& [kind, n] : scanner::gaps_by_kind(report)) out.member(kind, n);
  out.end_object();
  out.key("allowed_gaps");
  out.begin_array();
  for (const auto& kind : stats.allowed_gaps) out.value(kind);
  out.end_array();
  out.member("rules", stats.rules);
  out.member("seconds", round3(stats.seconds));
  if (stats.started_ms > 0) {
    out.member("started", utc_time(stats.started_ms));
    out.member("ended", utc_time(stats.ended_ms));
    out.member("cpu_seconds", round3(stats.cpu_seconds));
  }
  // Findings the suppression stage waved through, by kind (policy/suppressor.h).
  if (!stats.allowed.empty()) {
    out.key("allowed");
    out.begin_object();
    for (const auto& [kind, count] : stats.allowed) out.member(kind, count);
    out.end_object();
  }
  out.end_object();
}

Json coverage_json(const scanner::ScanReport& report) {
  const auto& stats = report.stats;
  Json out = Json::object();
  out["status"] = stats.status;
  out["files_scanned"] = stats.files_scanned;
  out["bytes_scanned"] = stats.bytes_scanned;
  Json requested = Json::object();
  requested["mode"] = stats.requested.mode;
  requested["targets"] = stats.requested.targets;
  for (const auto& [unit, n] : stats.requested.units) requested[unit] = n;
  out["requested"] = std::move(requested);
  Json scanned = Json::object();
  scanned["files"] = stats.files_scanned;
  scanned["bytes"] = stats.bytes_scanned;
  for (const auto& [unit, n] : stats.scanned) scanned[unit] = n;
  out["scanned"] = std::move(scanned);
  Json skipped = Json::object();
  for (const auto& [reason, n] : stats.skipped) skipped[reason] = n;
  out["skipped"] = std::move(skipped);
  Json gaps = Json::object();
  for (const auto& [kind, n] : scanner::gaps_by_kind(report)) gaps[kind] = n;
  out["gaps"] = std::move(gaps);
  out["allowed_gaps"] = stats.allowed_gaps;
  out["rules"] = stats.rules;
  out["seconds"] = round3(stats.seconds);
  if (stats.started_ms > 0) {
    out["started"] = utc_time(stats.started_ms);
    out["ended"] = utc_time(stats.ended_ms);
    out["cpu_seconds"] = round3(stats.cpu_seconds);
  }
  return out;
}

} // namespace keysift::reporters
