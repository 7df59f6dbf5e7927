#include "reporters/sarif_reporter.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "codec/sha256.h"
#include "reporters/coverage.h"
#include "reporters/display.h"
#include "reporters/json_fields.h"
#include "reporters/location_fields.h"
#include "reporters/places.h"
#include "reporters/report_facts.h"
#include "reporters/sarif_limits.h"

namespace keysift::reporters {

namespace {

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
// TODO(keysift): the project's home page, once it has one; GitHub shows it as a link.
constexpr std::string_view kInformationUri = "https://github.com/keysift/keysift";
// The content fingerprint (rule and secret), and one per place (content and artifact).
constexpr std::string_view kFingerprintKey = "keysift/v1";
constexpr std::string_view kPlaceFingerprintKey = "keysift/place/v1";

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
  const std::string help = rule_help(rule);
  Json out = Json::object();
  out["id"] = rule.id;
  out["name"] = rule_name(rule.id);
  out["shortDescription"] = Json{{"text", text}};
  out["fullDescription"] =
      Json{{"text", fmt::format("keysift rule {}: {}", rule.id, text)}};
  out["help"] = Json{{"text", help}, {"markdown", fmt::format("**{}**\n\n{}", text, help)}};
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

Json region_of(const Place& p) {
  Json region = Json::object();
  // GitHub requires startLine, and SARIF lines start at 1.
  const std::uint64_t start_line = std::max<std::uint64_t>(p.line, 1);
  region["startLine"] = start_line;
  if (p.column > 0) region["startColumn"] = p.column;
  if (p.end_line >= start_line) region["endLine"] = p.end_line;
  // keysift's end column is inclusive, SARIF's is exclusive.
  if (p.end_column > 0) region["endColumn"] = p.end_column + 1;
  return region;
}

Json location_of(const Place& p, const scanner::Catalog& catalog) {
  Json physical = Json::object();
  physical["artifactLocation"] = Json{{"uri", sarif_location_uri(*p.where, catalog)}};
  physical["region"] = region_of(p);
  return Json{{"physicalLocation", std::move(physical)}};
}

// One result per place: a secret in two files (or at two commits) is two alerts on
// GitHub, each tracked on its own (the content fingerprint is the same; the place key
// tells them apart).
Json result_to_json(const scanner::Finding& f, const Place& p,
                    const scanner::ScanReport& report, std::size_t rule_index, bool show) {
  const rules::Rule& rule = report.rule(f);
  const std::string& description = rule.description.empty() ? rule.id : rule.description;
  Json out = Json::object();
  out["ruleId"] = rule.id;
  out["ruleIndex"] = rule_index;
  out["level"] = sarif_level(rule.severity);
  out["message"] =
      Json{{"text", fmt::format("{}: {}", description, shown_secret(f, show))}};
  Json location = location_of(p, report.catalog);
  const std::string uri =
      location["physicalLocation"]["artifactLocation"]["uri"].get<std::string>();
  out["locations"] = Json::array({std::move(location)});
  out["partialFingerprints"] = Json{
      {kFingerprintKey, f.fingerprint},
      {kPlaceFingerprintKey, codec::sha256_hex(f.fingerprint + '\n' + uri).substr(0, 32)}};
  Fields fields = p.fields;
  if (p.first)
    for (std::size_t i = 0; i < f.decoded.size() && i < 2; ++i)
      fields.emplace_back(i == 0 ? "decoded" : "attr_decoded", f.decoded[i]);
  if (!fields.empty() || !f.context.empty()) {
    Json properties = Json::object();
    properties["tags"] = Json::array(); // reserves the key: "tags" must be a string array
    if (!f.context.empty()) properties["context"] = f.context;
    for (const auto& [key, value] : fields)
      add_attr(properties, key, shown_text(value, f, show));
    properties.erase("tags");
    if (std::holds_alternative<scanner::ImageOrigin>(*p.where))
      properties["path"] = std::string(p.path); // the uri is not the file's path: say it
    out["properties"] = std::move(properties);
  }
  return out;
}

struct Results {
  std::vector<Json> json;
  std::vector<int> ranks; // severity: 0 critical … 4 info, 5 other
};

int severity_rank(std::string_view severity) {
  static constexpr std::string_view order[] = {"critical", "high", "medium", "low", "info"};
  for (int i = 0; i < 5; ++i)
    if (severity == order[i]) return i;
  return 5;
}

Results all_results(const scanner::ScanReport& report,
                    const std::map<std::uint32_t, std::size_t>& rule_index, bool show) {
  Results out;
  for (const auto& f : report.findings) {
    for (const Place& p : places_of(f, report.catalog)) {
      out.json.push_back(result_to_json(f, p, report, rule_index.at(f.rule), show));
      out.ranks.push_back(severity_rank(report.rule(f).severity));
    }
  }
  return out;
}

// One notification per input not scanned (its gap kind in properties), one saying the run
// was incomplete, and one for results left out to fit GitHub's limits; the run succeeded
// only if it covered what was asked.
Json invocation_of(const scanner::ScanReport& report, std::size_t omitted,
                   std::size_t total, const SarifLimits& limits) {
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
  if (omitted > 0)
    notifications.push_back(
        Json{{"level", "warning"},
             {"descriptor", Json{{"id", "keysift/results-omitted"}}},
             {"message",
              Json{{"text",
                    fmt::format(
                        "{} of {} results left out, the least severe first, to stay within "
                        "GitHub's limits on a SARIF run ({} results, {} bytes gzipped); "
                        "every finding is in the json report",
                        omitted, total, limits.max_results, limits.max_gzip_bytes)}}}});
  Json out = Json::object();
  out["executionSuccessful"] =
      status.empty() ? report.errors.empty() : status == "complete" || status == "partial";
  out["toolExecutionNotifications"] = std::move(notifications);
  if (report.stats.started_ms > 0) {
    out["startTimeUtc"] = utc_time(report.stats.started_ms);
    out["endTimeUtc"] = utc_time(report.stats.ended_ms);
  }
  return out;
}

std::string report_to_sarif(const scanner::ScanReport& report,
                            const ReportOptions& options) {
  std::map<std::uint32_t, std::size_t> rule_index;
  Json driver = Json::object();
  driver["name"] = "keysift";
  if (!options.tool_version.empty()) driver["version"] = options.tool_version;
  driver["informationUri"] = kInformationUri;
  driver["rules"] = fired_rules(report, rule_index);
  const Results results = all_results(report, rule_index, options.show_secrets);
  const SarifLimits limits{options.sarif_max_results, options.sarif_max_gzip_bytes};
  auto render = [&](const std::vector<std::size_t>& kept) {
    Json run = Json::object();
    run["tool"] = Json{{"driver", driver}};
    const std::size_t omitted = results.json.size() - kept.size();
    run["invocations"] =
        Json::array({invocation_of(report, omitted, results.json.size(), limits)});
    Json list = Json::array();
    for (const std::size_t i : kept) list.push_back(results.json[i]);
    run["results"] = std::move(list);
    run["properties"] = Json{{"coverage", coverage_json(report)}};
    if (omitted > 0) run["properties"]["keysift/omitted-results"] = omitted;
    Json out = Json::object();
    out["$schema"] = kSchemaUri;
    out["version"] = "2.1.0";
    out["runs"] = Json::array({std::move(run)});
    return dump_json(out, 2) + "\n";
  };
  std::string text;
  keep_within(results.ranks, limits, render, text);
  return text;
}

bool is_uri_safe(char c) {
  return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

} // namespace

void SarifReporter::on_finding(const scanner::Finding& /*finding*/,
                               const scanner::ScanReport& /*context*/) {}

void SarifReporter::finish(const scanner::ScanReport& report) {
  std::string text;
  guarded("cannot write the sarif report",
          [&] { text = report_to_sarif(report, options()); });
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

std::string sarif_location_uri(const scanner::Location& where,
                               const scanner::Catalog& catalog) {
  const auto* image = std::get_if<scanner::ImageOrigin>(&where);
  if (!image) return sarif_artifact_uri(scanner::path_of(where));
  // Not a file of the repository: under a root of its own, so that GitHub can never show
  // it on a repository file of the same name.
  std::string name = image->image < catalog.images.size()
                         ? catalog.images[image->image].name
                         : std::string("image");
  std::string part = image->layer == scanner::no_index
                         ? std::string("config")
                         : "layer-" + std::to_string(image->layer);
  // The name is one path segment: its own slashes and colons are escaped.
  std::string segment;
  for (const char c : name) {
    if (is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      segment += c;
    else
      segment += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  std::string_view path = image->path;
  while (path.starts_with('/')) path.remove_prefix(1);
  return "keysift-image/" + segment + "/" + part + "/" + sarif_artifact_uri(path);
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
