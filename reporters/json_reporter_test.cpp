#include "reporters/json_reporter.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

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
                                         "commit", "author", "date", "message"});
  CHECK(first["secret"] == "demo****");
  CHECK(first["match"] == "DEMO_KEY = \"demo****");
  CHECK(first["message"] == "add demo**** by mistake");
  CHECK(first["entropy"].get<double>() == doctest::Approx(3.988));
  CHECK(first["line"] == 3);
  CHECK(first["column"] == 13);
  CHECK(first["end_column"] == 40);
}

TEST_CASE("json errors and stats") {
  const auto json =
      ordered_json::parse(render(Format::json, ReportOptions{}, sample_report()));
  CHECK(
      json["errors"] ==
      ordered_json::parse(R"([{"path":"vendor/blob.bin","reason":"permission denied"}])"));
  CHECK(json["stats"] == ordered_json::parse(R"({"files_scanned":12,"bytes_scanned":1234567,
      "skipped":{"binary":1,"symlink":1},"rules":4,"seconds":0.051})"));
}

TEST_CASE("json replaces invalid UTF-8 instead of throwing") {
  auto report = sample_report();
  report.findings[1].secret = "fake\xff\xfe_TOKEN_0000";
  report.findings[1].provenance.attrs = {{"author\xff", "Bad \xc3 Name"}};
  ReportOptions show;
  show.show_secrets = true;
  const std::string out = render(Format::json, show, report);
  const auto json = ordered_json::parse(out);
  CHECK(json["findings"][1]["secret"] == "fake\xef\xbf\xbd\xef\xbf\xbd_TOKEN_0000");
  CHECK(json["findings"][1]["match"] == "TOKEN\xef\xbf\xbd=fake_tok_0000EXAMPLE0000");
  CHECK(json["findings"][1]["author\xef\xbf\xbd"] == "Bad \xef\xbf\xbd Name");
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

TEST_CASE("an attr cannot overwrite a field of the format") {
  auto report = sample_report();
  report.findings[0].provenance.attrs = {{"path", "other"}, {"commit", "c0ffee"}};
  const auto json = ordered_json::parse(render(Format::json, ReportOptions{}, report));
  CHECK(json["findings"][0]["path"] == "config/app settings.env");
  CHECK(json["findings"][0]["attr_path"] == "other");
  CHECK(json["findings"][0]["commit"] == "c0ffee");
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
