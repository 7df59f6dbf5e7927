#include "reporters/json_reporter.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "reporters/coverage.h"
#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;
using nlohmann::ordered_json;

TEST_CASE("json report matches the golden file") {
  const std::string out = render(Format::json, ReportOptions{}, sample_report());
  check_golden("json.golden", out);
  CHECK(out.ends_with("}\n"));
}

TEST_CASE("json findings have flat snake_case fields, provenance attrs last") {
  const auto json =
      ordered_json::parse(render(Format::json, ReportOptions{}, sample_report()));
  REQUIRE(json["findings"].size() == 3);
  const auto& first = json["findings"][0];
  std::vector<std::string> keys;
  for (const auto& item : first.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"rule_id", "description", "severity", "tags",
                                         "path", "line", "column", "end_line", "end_column",
                                         "secret", "match", "entropy", "fingerprint",
                                         "commit", "author", "email", "date", "message"});
  CHECK(first["secret"] == "demo****");
  CHECK(first["match"] == "DEMO_KEY = \"demo****");
  CHECK(first["message"] == "add demo**** by mistake");
  CHECK(first["entropy"].get<double>() == doctest::Approx(3.988));
  CHECK(first["line"] == 3);
  CHECK(first["column"] == 13);
  CHECK(first["end_column"] == 40);
}

TEST_CASE("json errors and the coverage account") {
  auto report = sample_report();
  report.stats.allowed_gaps = {"shallow"};
  const auto json = ordered_json::parse(render(Format::json, ReportOptions{}, report));
  CHECK(json["errors"] == ordered_json::parse(R"([{"path":"vendor/blob.bin",
      "reason":"permission denied","kind":"unreadable"}])"));
  CHECK(json["stats"] == ordered_json::parse(R"({"status":"incomplete",
      "files_scanned":12,"bytes_scanned":1234567,
      "requested":{"mode":"git range","targets":["main..topic"],"commits":3},
      "scanned":{"files":12,"bytes":1234567,"commits":2},
      "skipped":{"binary":1,"symlink":1},"gaps":{"unreadable":1},
      "allowed_gaps":["shallow"],"rules":4,"seconds":0.051})"));
}

TEST_CASE("the json stats and the SARIF run's coverage property are the same object") {
  auto report = sample_report();
  report.stats.allowed_gaps = {"partial-clone", "shallow"};
  report.stats.skipped["allowlisted path"] = 7;
  const auto json = ordered_json::parse(render(Format::json, ReportOptions{}, report));
  const auto sarif = ordered_json::parse(render(Format::sarif, ReportOptions{}, report));
  CHECK(sarif["runs"][0]["properties"]["coverage"] == json["stats"]);
}

TEST_CASE("json replaces invalid UTF-8 instead of throwing") {
  auto report = sample_report();
  report.findings[1].secret = "fake\xff\xfe_TOKEN_0000";
  report.catalog.commits.push_back({"c0ffee", "Bad \xc3 Name", "", "", ""});
  report.findings[1].origin = keysift::scanner::make_origin(
      keysift::scanner::GitBlobOrigin{1, std::string(report.findings[1].path())});
  ReportOptions show;
  show.show_secrets = true;
  const std::string out = render(Format::json, show, report);
  const auto json = ordered_json::parse(out);
  CHECK(json["findings"][1]["secret"] == "fake\xef\xbf\xbd\xef\xbf\xbd_TOKEN_0000");
  CHECK(json["findings"][1]["match"] == "TOKEN\xef\xbf\xbd=fake_tok_0000EXAMPLE0000");
  CHECK(json["findings"][1]["author"] == "Bad \xef\xbf\xbd Name");
}

TEST_CASE("json secrets are redacted unless show_secrets") {
  const auto report = sample_report();
  const std::string hidden = render(Format::json, ReportOptions{}, report);
  ReportOptions show;
  show.show_secrets = true;
  const auto shown = ordered_json::parse(render(Format::json, show, report));
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    CHECK(hidden.find(report.findings[i].secret) == std::string::npos);
  }
  CHECK(shown["findings"][0]["secret"] == report.findings[0].secret);
  CHECK(shown["findings"][2]["secret"] == report.findings[2].secret);
}

TEST_CASE("location fields follow the format's fields, in their fixed order") {
  auto report = sample_report();
  report.catalog.images.push_back({"app.tar", "linux/arm64", {{"sha256:aa", ""}}});
  report.findings[1].origin = keysift::scanner::make_origin(
      keysift::scanner::ImageOrigin{0, 0, "etc/app.conf", false});
  report.findings[1].decoded = {"base64"};
  const auto json = ordered_json::parse(render(Format::json, ReportOptions{}, report));
  std::vector<std::string> keys;
  for (const auto& [key, value] : json["findings"][1].items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{
                    "rule_id", "description", "severity", "tags", "path", "line", "column",
                    "end_line", "end_column", "secret", "match", "entropy", "fingerprint",
                    "image", "platform", "layer", "layer_digest", "visible", "decoded"});
  CHECK(json["findings"][1]["path"] == "etc/app.conf");
  CHECK(json["findings"][1]["visible"] == "no");
  CHECK(json["findings"][0]["commit"] == "0000000000000000000000000000000000c0ffee");
}

TEST_CASE("an empty json report") {
  const std::string out =
      render(Format::json, ReportOptions{}, keysift::scanner::ScanReport{});
  const auto json = ordered_json::parse(out);
  CHECK(json["findings"].empty());
  CHECK(json["errors"].empty());
  CHECK(json["stats"]["skipped"].is_object());
  CHECK(json["stats"]["seconds"] == 0.0);
}

TEST_CASE("the json stats carry when the scan ran and its CPU time, once recorded") {
  auto report = sample_report();
  CHECK_FALSE(
      ordered_json::parse(render(Format::json, ReportOptions{}, report))["stats"].contains(
          "started"));                     // a library's report: no clock was read
  report.stats.started_ms = 1796736000123; // 2026-12-08 13:20:00.123 UTC
  report.stats.ended_ms = 1796736002623;
  report.stats.seconds = 2.5;
  report.stats.cpu_seconds = 4.25;
  const auto stats =
      ordered_json::parse(render(Format::json, ReportOptions{}, report))["stats"];
  CHECK(stats["started"] == "2026-12-08T13:20:00.123Z");
  CHECK(stats["ended"] == "2026-12-08T13:20:02.623Z");
  CHECK(stats["seconds"] == 2.5);
  CHECK(stats["cpu_seconds"] == 4.25);
  // The streaming writer (json) and the tree (SARIF's coverage property) agree.
  const auto sarif = ordered_json::parse(render(Format::sarif, ReportOptions{}, report));
  CHECK(sarif["runs"][0]["properties"]["coverage"] == stats);
  const auto& invocation = sarif["runs"][0]["invocations"][0];
  CHECK(invocation["startTimeUtc"] == "2026-12-08T13:20:00.123Z");
  CHECK(invocation["endTimeUtc"] == "2026-12-08T13:20:02.623Z");
}

TEST_CASE("UTC times: midnight, leap day, milliseconds kept") {
  CHECK(utc_time(0) == "1970-01-01T00:00:00.000Z");
  CHECK(utc_time(951782400000 + 999) == "2000-02-29T00:00:00.999Z");
}
