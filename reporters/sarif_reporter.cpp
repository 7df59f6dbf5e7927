#include "reporters/sarif_reporter.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "reporters/coverage.h"
#include "reporters/display.h"
#include "reporters/json_fields.h"
#include "reporters/location_fields.h"

namespace keysift::reporters {

namespace {

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
// TODO(keysift): the project's home page, once it has one; GitHub shows it as a link.
constexpr std::string_view kInformationUri = "https://github.com/keysift/keysift";
constexpr std::string_view kFingerprintKey = "keysift/v1";
constexpr std::string_view kHelpText =
    "Treat the secret as exposed: revoke or rotate it at its provider, then remove it "
    "from the file (and from the history if it was committed). If this is not a real "
    "secret, add an allowlist entry to the keysift configuration.";

// ASCII only: <cctype> would follow the process locale.
bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// "aws-access-key" -> "AwsAccessKey": SARIF asks for a readable identifier as the name.
std::string rule_name(std::string_view id) {
  std::string name;
  bool upper = true;
  for (const char c : id) {
    if (!is_ascii_alnum(c)) {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return name.empty() ? std::string(id) : name;
}

// properties.tags must hold distinct strings; GitHub reads security-severity only on
// rules tagged "security".
std::vector<std::string> rule_tags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const auto& tag : tags) {
    if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(tag);
  }
  if (std::find(out.begin(), out.end(), "security") == out.end())
    out.emplace_back("security");
  return out;
}

Json rule_to_json(const rules::Rule& rule) {
  const std::string text = rule.description.empty() ? rule.id : rule.description;
  Json out = Json::object();
  out["id"] = rule.id;
  out["name"] = rule_name(rule.id);
  out["shortDescription"] = Json{{"text", text}};
  out["fullDescription"] =
      Json{{"text", fmt::format("keysift rule {}: {}", rule.id, text)}};
  out["help"] = Json{{"text", kHelpText}};
  out["defaultConfiguration"] = Json{{"level", sarif_level(rule.severity)}};
  out["properties"] = Json{{"tags", rule_tags(rule.tags)},
                           {"security-severity", sarif_security_severity(rule.severity)}};
  return out;
}

// The rules that fired, in id order (the rule set's order), described by the rule set.
// Maps rule number -> index in the returned array.
Json fired_rules(const scanner::ScanReport& report,
                 std::map<std::uint32_t, std::size_t>& index) {
  for (const auto& finding : report.findings) index.emplace(finding.rule, 0);
  Json out = Json::array();
  for (auto& [rule, at] : index) {
    at = out.size();
    out.push_back(rule_to_json(report.rules->rules[rule]));
  }
  return out;
}

Json region_of(const scanner::Finding& finding) {
  Json region = Json::object();
  // GitHub requires startLine, and SARIF lines start at 1.
  const std::uint64_t start_line = std::max<std::uint64_t>(finding.line, 1);
  region["startLine"] = start_line;
  if (finding.column > 0) region["startColumn"] = finding.column;
  if (finding.end_line >= start_line) region["endLine"] = finding.end_line;
  // keysift's end column is inclusive, SARIF's is exclusive.
  if (finding.end_column > 0) region["endColumn"] = finding.end_column + 1;
  return region;
}

Json location_of(const scanner::Finding& finding) {
  Json physical = Json::object();
  physical["artifactLocation"] = Json{{"uri", sarif_artifact_uri(finding.path())}};
  physical["region"] = region_of(finding);
  return Json{{"physicalLocation", std::move(physical)}};
}

Json result_to_json(const scanner::Finding& finding, const scanner::ScanReport& report,
                    std::size_t rule_index, bool show) {
  const rules::Rule& rule = report.rule(finding);
  const std::string& description = rule.description.empty() ? rule.id : rule.description;
  Json out = Json::object();
  out["ruleId"] = rule.id;
  out["ruleIndex"] = rule_index;
  out["level"] = sarif_level(rule.severity);
  out["message"] =
      Json{{"text", fmt::format("{}: {}", description, shown_secret(finding, show))}};
  out["locations"] = Json::array({location_of(finding)});
  out["partialFingerprints"] = Json{{kFingerprintKey, finding.fingerprint}};
  if (const Fields fields = finding_fields(finding, report.catalog);
      !fields.empty() || !finding.context.empty()) {
    Json properties = Json::object();
    properties["tags"] = Json::array(); // reserves the key: "tags" must be a string array
    if (!finding.context.empty()) properties["context"] = finding.context;
    for (const auto& [key, value] : fields) {
      add_attr(properties, key, shown_text(value, finding, show));
    }
    properties.erase("tags");
    out["properties"] = std::move(properties);
  }
  return out;
}

// One notification per input not scanned (its gap kind in properties), and one saying
// the run was incomplete; the run succeeded only if it covered what was asked.
Json invocation_of(const scanner::ScanReport& report) {
  Json notifications = Json::array();
  for (const auto& error : report.errors) {
    notifications.push_back(
        Json{{"level", "error"},
             {"message", Json{{"text", fmt::format("{}: {}", error.path, error.reason)}}},
             {"properties", Json{{"kind", error.kind}}}});
  }
  const std::string& status = report.stats.status;
  if (status == "incomplete" || status == "failed" || status == "partial")
    notifications.push_back(
        Json{{"level", status == "partial" ? "warning" : "error"},
             {"message", Json{{"text", fmt::format("the scan is {}: part of what was asked "
                                                   "was not scanned",
                                                   status)}}},
             {"properties", Json{{"kind", "coverage"}}}});
  Json out = Json::object();
  out["executionSuccessful"] =
      status.empty() ? report.errors.empty() : status == "complete" || status == "partial";
  out["toolExecutionNotifications"] = std::move(notifications);
  return out;
}

Json report_to_sarif(const scanner::ScanReport& report, const ReportOptions& options) {
  std::map<std::uint32_t, std::size_t> rule_index;
  Json driver = Json::object();
  driver["name"] = "keysift";
  if (!options.tool_version.empty()) driver["version"] = options.tool_version;
  driver["informationUri"] = kInformationUri;
  driver["rules"] = fired_rules(report, rule_index);

  Json results = Json::array();
  for (const auto& finding : report.findings) {
    results.push_back(
        result_to_json(finding, report, rule_index.at(finding.rule), options.show_secrets));
  }
  Json run = Json::object();
  run["tool"] = Json{{"driver", std::move(driver)}};
  run["invocations"] = Json::array({invocation_of(report)});
  run["results"] = std::move(results);
  run["properties"] = Json{{"coverage", coverage_json(report)}};

  Json out = Json::object();
  out["$schema"] = kSchemaUri;
  out["version"] = "2.1.0";
  out["runs"] = Json::array({std::move(run)});
  return out;
}

bool is_uri_safe(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

} // namespace

void SarifReporter::on_finding(const scanner::Finding& /*finding*/,
                               const scanner::ScanReport& /*context*/) {}

void SarifReporter::finish(const scanner::ScanReport& report) {
  std::string text;
  guarded("cannot write the sarif report", [&] {
    text = dump_json(report_to_sarif(report, options()), 2);
    text += '\n';
  });
  if (status().is_ok()) write(text, true);
}

std::string sarif_artifact_uri(std::string_view path) {
  if (path == "-") return "stdin";
  std::string out;
  if (path.starts_with('/')) out = "file://";
  while (path.starts_with("./")) path.remove_prefix(2);
  for (const char c : path) {
    if (is_uri_safe(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string_view sarif_security_severity(std::string_view severity) {
  if (severity == "critical") return "9.5";
  if (severity == "high") return "8.0";
  if (severity == "low") return "3.0";
  if (severity == "info") return "1.0";
  return "5.5";
}

std::string_view sarif_level(std::string_view severity) {
  if (severity == "critical" || severity == "high") return "error";
  if (severity == "low" || severity == "info") return "note";
  return "warning";
}

} // namespace keysift::reporters
