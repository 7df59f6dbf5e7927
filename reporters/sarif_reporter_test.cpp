#include "reporters/sarif_reporter.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;
using nlohmann::ordered_json;

namespace {

ReportOptions versioned() {
  ReportOptions options;
  options.tool_version = "0.1.0";
  return options;
}

ordered_json sarif_of(const keysift::scanner::ScanReport& report) {
  return ordered_json::parse(render(Format::sarif, versioned(), report));
}

} // namespace

// The ctest reporters_sarif_schema validates this golden file against the OASIS schema.
TEST_CASE("sarif report matches the golden file") {
  check_golden("sarif.golden", render(Format::sarif, versioned(), sample_report()));
}

// A clean run (no findings, no errors) is schema-checked by ctest too.
TEST_CASE("sarif report of a clean run matches the golden file") {
  keysift::scanner::ScanReport report;
  report.stats.files_scanned = 3;
  report.stats.status = "complete";
  report.stats.requested = {"scan", {"."}, {}};
  check_golden("sarif_clean.golden", render(Format::sarif, versioned(), report));
}

TEST_CASE("sarif lists only the rules that fired, and results point at them") {
  const auto sarif = sarif_of(sample_report());
  CHECK(sarif["version"] == "2.1.0");
  const auto& run = sarif["runs"][0];
  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "keysift");
  CHECK(driver["version"] == "0.1.0");
  REQUIRE(driver["rules"].size() == 3);
  for (const auto& result : run["results"]) {
    const auto index = result["ruleIndex"].get<std::size_t>();
    REQUIRE(index < driver["rules"].size());
    CHECK(driver["rules"][index]["id"] == result["ruleId"]);
  }
  const auto& rule = driver["rules"][0];
  CHECK(rule["id"] == "demo-api-key");
  CHECK(rule["name"] == "DemoApiKey");
  CHECK(rule["shortDescription"]["text"] == "Demo API key");
  CHECK(rule["defaultConfiguration"]["level"] == "error");
  CHECK(rule["properties"]["security-severity"] == "8.0");
  CHECK(rule["properties"]["tags"] ==
        ordered_json::parse(R"(["demo","api-key","security"])"));
}

TEST_CASE("sarif results: message, region, fingerprint, provenance") {
  const auto sarif = sarif_of(sample_report());
  const auto& result = sarif["runs"][0]["results"][0];
  CHECK(result["level"] == "error");
  CHECK(result["message"]["text"] == "Demo API key: demo****");
  const auto& location = result["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "config/app%20settings.env");
  CHECK(location["region"] ==
        ordered_json::parse(
            R"({"startLine":3,"startColumn":13,"endLine":3,"endColumn":41})"));
  CHECK(result["partialFingerprints"]["keysift/v1"] ==
        "fp-00000000000000000000000000000001");
  CHECK(result["properties"]["commit"] == "0000000000000000000000000000000000c0ffee");
  CHECK(result["properties"]["message"] == "add demo**** by mistake");
  CHECK_FALSE(sarif["runs"][0]["results"][1].contains("properties"));
}

TEST_CASE("sarif input errors become a failed invocation's notifications") {
  const auto sarif = sarif_of(sample_report());
  const auto& invocation = sarif["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"] ==
        ordered_json::parse(R"([{"level":"error",
            "message":{"text":"vendor/blob.bin: permission denied"},
            "properties":{"kind":"unreadable"}},
          {"level":"error",
            "message":{"text":"the scan is incomplete: part of what was asked was not scanned"},
            "properties":{"kind":"coverage"}}])"));
  auto partial = sample_report();
  partial.stats.status = "partial";
  const auto accepted = sarif_of(partial)["runs"][0]["invocations"][0];
  CHECK(accepted["executionSuccessful"] == true);
  CHECK(accepted["toolExecutionNotifications"][1]["level"] == "warning");
  const auto clean = sarif_of(keysift::scanner::ScanReport{});
  CHECK(clean["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  CHECK(clean["runs"][0]["results"].empty());
  CHECK(clean["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST_CASE("the rules that fired are described by the rule set, once each") {
  auto report = sample_report();
  report.findings.push_back(report.findings[1]); // a second finding of one rule
  const auto sarif = sarif_of(report);
  const auto& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3); // unused-rule did not fire
  CHECK(rules[1]["shortDescription"]["text"] == "Fake token");
  CHECK(sarif["runs"][0]["results"][3]["ruleIndex"] == 1);
}

TEST_CASE("an image finding's properties name the image, the layer and visibility") {
  auto report = sample_report();
  report.catalog.images.push_back({"app.tar", "", {{"", "sha256:dd"}}});
  report.findings[0].origin = keysift::scanner::make_origin(
      keysift::scanner::ImageOrigin{0, 0, "etc/app.conf", true});
  const auto sarif = sarif_of(report);
  const auto& properties = sarif["runs"][0]["results"][0]["properties"];
  CHECK_FALSE(properties.contains("tags"));
  CHECK(properties == ordered_json::parse(
                          R"({"image":"app.tar","layer":"0","layer_diff_id":"sha256:dd",
                              "visible":"yes"})"));
}

TEST_CASE("sarif_artifact_uri makes a relative URI reference") {
  CHECK(sarif_artifact_uri("src/main.c") == "src/main.c");
  CHECK(sarif_artifact_uri("./src/a b.c") == "src/a%20b.c");
  CHECK(sarif_artifact_uri("-") == "stdin");
  CHECK(sarif_artifact_uri("/etc/app.conf") == "file:///etc/app.conf");
  CHECK(sarif_artifact_uri("c:x#y?z%") == "c%3Ax%23y%3Fz%25");
  CHECK(sarif_artifact_uri("caf\xc3\xa9.txt") == "caf%C3%A9.txt");
}

TEST_CASE("severities map to levels and security-severity") {
  CHECK(sarif_security_severity("critical") == "9.5");
  CHECK(sarif_security_severity("high") == "8.0");
  CHECK(sarif_security_severity("medium") == "5.5");
  CHECK(sarif_security_severity("low") == "3.0");
  CHECK(sarif_security_severity("info") == "1.0");
  CHECK(sarif_level("critical") == "error");
  CHECK(sarif_level("medium") == "warning");
  CHECK(sarif_level("info") == "note");
  CHECK(sarif_level("whatever") == "warning");
}
