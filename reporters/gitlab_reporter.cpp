#include "reporters/gitlab_reporter.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "codec/sha256.h"
#include "reporters/display.h"
#include "reporters/json_fields.h"
#include "reporters/places.h"
#include "reporters/report_facts.h"

namespace keysift::reporters {
namespace {

constexpr std::string_view kSchemaVersion = "15.2.4";
constexpr std::string_view kUrl = "https://github.com/keysift/keysift";
constexpr std::string_view kZeroCommit = "0000000000000000000000000000000000000000";

Json tool(const ReportOptions& options) {
  const std::string version =
      options.tool_version.empty() ? "unknown" : options.tool_version;
  return Json{{"id", "keysift"},
              {"name", "keysift"},
              {"url", kUrl},
              {"vendor", Json{{"name", "keysift"}}},
              {"version", version}};
}

Json messages(const scanner::ScanReport& report) {
  Json out = Json::array();
  out.push_back(Json{{"level", "info"}, {"value", coverage_line(report)}});
  for (const auto& e : report.errors) {
    const std::string text = e.path.empty() ? e.reason : e.path + ": " + e.reason;
    out.push_back(Json{{"level", "warn"}, {"value", text.empty() ? "input error" : text}});
  }
  return out;
}

Json scan_of(const scanner::ScanReport& report, const ReportOptions& options) {
  // The times the command recorded, else now and the scan's length before it.
  using std::chrono::milliseconds;
  const auto& stats = report.stats;
  const auto end = stats.started_ms > 0
                       ? std::chrono::system_clock::time_point(milliseconds(stats.ended_ms))
                       : std::chrono::system_clock::now();
  const auto start =
      stats.started_ms > 0
          ? std::chrono::system_clock::time_point(milliseconds(stats.started_ms))
          : end - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                      std::chrono::duration<double>(stats.seconds));
  Json scan = Json::object();
  scan["analyzer"] = tool(options);
  scan["scanner"] = tool(options);
  scan["type"] = "secret_detection";
  scan["start_time"] = gitlab_time(start);
  scan["end_time"] = gitlab_time(end);
  scan["status"] = scan_complete(report) ? "success" : "failure";
  scan["messages"] = messages(report);
  return scan;
}

Json commit_of(const Place& p, const ReportOptions& options) {
  const std::string_view sha = p.field("commit");
  Json commit = Json::object();
  if (sha.empty()) {
    commit["sha"] = options.default_commit.empty() ? kZeroCommit : options.default_commit;
    return commit;
  }
  const std::string_view author = p.field("author"), email = p.field("email");
  if (!author.empty())
    commit["author"] =
        email.empty() ? std::string(author) : fmt::format("{} <{}>", author, email);
  if (const auto date = p.field("date"); !date.empty()) commit["date"] = date;
  if (const auto message = p.field("message"); !message.empty())
    commit["message"] = message;
  commit["sha"] = sha;
  return commit;
}

// What the file and commit do not say: an image, its layer, an unreachable blob.
std::string place_note(const Place& p) {
  std::string note;
  for (const auto& [key, value] : p.fields) {
    if (key == "commit" || key == "author" || key == "email" || key == "date" ||
        key == "message")
      continue;
    note += fmt::format("\n- {}: `{}`", key, value);
  }
  return note;
}

Json vulnerability(const scanner::Finding& f, const Place& p, const rules::Rule& rule,
                   const ReportOptions& options) {
  const std::string name = rule.description.empty() ? rule.id : rule.description;
  Json loc = Json::object();
  loc["file"] = p.path == "-" ? "stdin" : std::string(p.path);
  loc["start_line"] = std::max<std::uint64_t>(p.line, 1);
  loc["end_line"] = std::max<std::uint64_t>(p.end_line, std::max<std::uint64_t>(p.line, 1));
  loc["commit"] = commit_of(p, options);
  const std::string key = fmt::format("{}\n{}\n{}\n{}", f.fingerprint, p.path, p.line,
                                      loc["commit"]["sha"].get<std::string>());
  Json v = Json::object();
  v["id"] = uuid_from(key);
  v["name"] = name.substr(0, 255);
  v["description"] = fmt::format("keysift rule `{}` found {} in `{}` line {}.{}", rule.id,
                                 name, p.path, p.line, place_note(p));
  v["severity"] = title_severity(rule.severity);
  v["solution"] = rule_help(rule).substr(0, 7000);
  v["identifiers"] = Json::array({Json{{"type", "keysift_rule_id"},
                                       {"name", "keysift rule " + rule.id},
                                       {"value", rule.id}}});
  v["location"] = std::move(loc);
  v["raw_source_code_extract"] = shown_secret(f, options.show_secrets);
  return v;
}

} // namespace

void GitlabReporter::on_finding(const scanner::Finding& /*finding*/,
                                const scanner::ScanReport& /*context*/) {}

void GitlabReporter::finish(const scanner::ScanReport& report) {
  std::string text;
  guarded("cannot write the gitlab report", [&] {
    Json out = Json::object();
    out["version"] = kSchemaVersion;
    out["scan"] = scan_of(report, options());
    Json vulns = Json::array();
    for (const auto& f : report.findings)
      for (const Place& p : places_of(f, report.catalog))
        vulns.push_back(vulnerability(f, p, report.rule(f), options()));
    out["vulnerabilities"] = std::move(vulns);
    text = dump_json(out, 2);
    text += '\n';
  });
  if (status().is_ok()) write(text, true);
}

std::string gitlab_time(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string uuid_from(std::string_view key) {
  std::string hex = codec::sha256_hex(key).substr(0, 32);
  hex[12] = '8'; // version 8: custom
  static constexpr char variants[] = "89ab";
  const auto nibble = static_cast<unsigned>(std::stoul(hex.substr(16, 1), nullptr, 16));
  hex[16] = variants[nibble & 3u]; // the RFC 9562 variant
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4),
                     hex.substr(12, 4), hex.substr(16, 4), hex.substr(20, 12));
}

} // namespace keysift::reporters
