#include "reporters/sarif_reporter.h"

#include <doctest/doctest.h>

#include "codec/sha256.h"
#include <nlohmann/json.hpp>

#include "places_test_support.h"
#include "reporters/sarif_limits.h"
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
  // The times a command records: the invocation's startTimeUtc and endTimeUtc.
  report.stats.started_ms = 1796736000123;
  report.stats.ended_ms = 1796736000456;
  report.stats.cpu_seconds = 0.5;
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
                              "visible":"yes","path":"etc/app.conf"})"));
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

TEST_CASE("sarif report of history and image findings matches the golden file") {
  check_golden("sarif_history.golden",
               render(Format::sarif, versioned(),
                      keysift::reporters::testing::history_and_image_report()));
}

TEST_CASE("every place of a finding is a result of its own") {
  const auto sarif = sarif_of(keysift::reporters::testing::history_and_image_report());
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 3); // a blob at two commits and paths, and an image file
  const auto &first = results[0], &second = results[1];
  CHECK(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "deploy/prod.env");
  CHECK(second["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "backup/prod.env.bak");
  CHECK(first["properties"]["commit"] == std::string(40, '1'));
  CHECK(second["properties"]["commit"] == std::string(40, '2'));
  // The other version's line, and no column: only its line was recorded.
  CHECK(second["locations"][0]["physicalLocation"]["region"] ==
        ordered_json::parse(R"({"startLine":2,"endLine":2})"));
  // The same secret: the same content fingerprint, but not the same place.
  CHECK(first["partialFingerprints"]["keysift/v1"] ==
        second["partialFingerprints"]["keysift/v1"]);
  CHECK(first["partialFingerprints"]["keysift/place/v1"] !=
        second["partialFingerprints"]["keysift/place/v1"]);
  CHECK(first["locations"].size() == 1);
}

TEST_CASE("an image finding is never placed at a repository path") {
  const auto sarif = sarif_of(keysift::reporters::testing::history_and_image_report());
  const auto& image = sarif["runs"][0]["results"][2];
  CHECK(image["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "keysift-image/docker.io%2Ftest%2Fapp%3A1/layer-1/app/config.yaml");
  CHECK(image["properties"]["image"] == "docker.io/test/app:1");
  CHECK(image["properties"]["layer"] == "1");
  CHECK(image["properties"]["layer_digest"] == "sha256:" + std::string(64, 'a'));
  CHECK(image["properties"]["visible"] == "no");
  CHECK(image["properties"]["path"] == "app/config.yaml");
  keysift::scanner::Catalog catalog;
  catalog.images.push_back({"/tmp/app image.tar", "", {}});
  CHECK(sarif_location_uri(keysift::scanner::ImageOrigin{0, keysift::scanner::no_index,
                                                         "config:Env", true},
                           catalog) ==
        "keysift-image/%2Ftmp%2Fapp%20image.tar/config/config%3AEnv");
}

TEST_CASE("each rule has its own help, or one that names it") {
  const auto sarif = sarif_of(keysift::reporters::testing::history_and_image_report());
  const auto& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]["help"]["text"] ==
        "A demo key opens the demo service. Revoke it in the demo console.");
  CHECK(
      rules[0]["help"]["markdown"].get<std::string>().starts_with("**Demo API key**\n\n"));
  CHECK(rules[1]["help"]["text"].get<std::string>().find("(Fake token)") !=
        std::string::npos);
}

namespace {

// n findings of alternating severity in files f0, f1, …
keysift::scanner::ScanReport many_findings(std::size_t n) {
  auto report = sample_report();
  report.errors.clear();
  report.findings.clear();
  for (std::size_t i = 0; i < n; ++i) {
    keysift::scanner::Finding f;
    f.rule = i % 2 == 0 ? 0u : 2u; // demo-api-key (high), generic-password (low)
    f.origin = keysift::scanner::make_origin(
        keysift::scanner::FileOrigin{"f" + std::to_string(i)});
    f.secret = "secret-" + keysift::codec::sha256_hex(std::to_string(i)).substr(0, 24);
    f.line = f.end_line = 1;
    f.fingerprint = keysift::codec::sha256_hex(f.secret).substr(0, 32);
    report.findings.push_back(f);
  }
  return report;
}

} // namespace

TEST_CASE("a run over GitHub's result limit keeps the most severe and says what it cut") {
  ReportOptions options = versioned();
  options.sarif_max_results = 4;
  const auto sarif = ordered_json::parse(render(Format::sarif, options, many_findings(10)));
  const auto& run = sarif["runs"][0];
  REQUIRE(run["results"].size() == 4);
  for (const auto& r : run["results"]) CHECK(r["ruleId"] == "demo-api-key");
  CHECK(run["properties"]["keysift/omitted-results"] == 6);
  std::vector<ordered_json> omitted;
  for (const auto& note : run["invocations"][0]["toolExecutionNotifications"])
    if (note.contains("descriptor") &&
        note["descriptor"]["id"] == "keysift/results-omitted")
      omitted.push_back(note);
  REQUIRE(omitted.size() == 1);
  CHECK(omitted[0]["level"] == "warning");
  CHECK(omitted[0]["message"]["text"].get<std::string>().starts_with(
      "6 of 10 results left out"));
}

TEST_CASE("a run over GitHub's size limit is cut until it fits, gzipped") {
  const auto whole = render(Format::sarif, versioned(), many_findings(400));
  ReportOptions options = versioned();
  options.sarif_max_gzip_bytes = gzip_size(whole) / 2;
  const std::string cut = render(Format::sarif, options, many_findings(400));
  CHECK(gzip_size(cut) <= options.sarif_max_gzip_bytes);
  const auto run = ordered_json::parse(cut)["runs"][0];
  const std::size_t kept = run["results"].size();
  CHECK(kept > 100);
  CHECK(kept < 400);
  CHECK(run["properties"]["keysift/omitted-results"] == 400 - kept);
  // Under the limit, nothing is cut and nothing is said.
  const auto full = ordered_json::parse(whole)["runs"][0];
  CHECK(full["results"].size() == 400);
  CHECK_FALSE(full["properties"].contains("keysift/omitted-results"));
}

TEST_CASE("gzip_size measures what gzip writes") {
  CHECK(gzip_size("") == 20); // a header, an empty deflate block and a trailer
  std::string random;
  for (int i = 0; i < 2000; ++i) random += keysift::codec::sha256_hex(std::to_string(i));
  CHECK(gzip_size(random) > random.size() / 2); // hex: 4 bits of entropy per byte
  CHECK(gzip_size(std::string(100000, 'a')) < 1000);
}
