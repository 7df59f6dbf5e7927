#include "reporters/gitlab_reporter.h"

#include <regex>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "places_test_support.h"
#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::history_and_image_report;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;
using nlohmann::json;

namespace {

ReportOptions versioned() {
  ReportOptions options;
  options.tool_version = "0.1.0";
  options.default_commit = "cccccccccccccccccccccccccccccccccccccccc";
  return options;
}

// The report with its two wall-clock times replaced, for golden files.
std::string timeless(const std::string& text) {
  static const std::regex time(R"("(start|end)_time": "[0-9T:-]{19}")");
  return std::regex_replace(text, time, R"("$1_time": "2000-01-01T00:00:00")");
}

} // namespace

// The ctests reporters_gitlab_schema* validate these against GitLab's schema.
TEST_CASE("gitlab report matches the golden files") {
  check_golden("gitlab.golden",
               timeless(render(Format::gitlab, versioned(), sample_report())));
  check_golden("gitlab_history.golden",
               timeless(render(Format::gitlab, versioned(), history_and_image_report())));
}

TEST_CASE("gitlab: one vulnerability per place, each with its own stable id") {
  const auto first =
      json::parse(render(Format::gitlab, versioned(), history_and_image_report()));
  const auto again =
      json::parse(render(Format::gitlab, versioned(), history_and_image_report()));
  const auto& vulns = first["vulnerabilities"];
  REQUIRE(vulns.size() == 3); // the blob at two commits, and the layer
  std::set<std::string> ids;
  for (std::size_t i = 0; i < vulns.size(); ++i) {
    ids.insert(vulns[i]["id"].get<std::string>());
    CHECK(vulns[i]["id"] == again["vulnerabilities"][i]["id"]);
    CHECK(std::regex_match(
        vulns[i]["id"].get<std::string>(),
        std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                   "[0-9a-f]{12}")));
  }
  CHECK(ids.size() == 3);
  CHECK(vulns[0]["location"]["file"] == "deploy/prod.env");
  CHECK(vulns[0]["location"]["commit"]["sha"] ==
        "1111111111111111111111111111111111111111");
  CHECK(vulns[0]["location"]["commit"]["author"] == "Test Author <author@example.invalid>");
  CHECK(vulns[1]["location"]["file"] == "backup/prod.env.bak");
  CHECK(vulns[1]["location"]["commit"]["sha"] ==
        "2222222222222222222222222222222222222222");
  CHECK(vulns[0]["solution"] ==
        "A demo key opens the demo service. Revoke it in the demo console.");
  CHECK(vulns[0]["severity"] == "High");
  CHECK(vulns[0]["identifiers"][0]["value"] == "demo-api-key");
  // An image finding has no commit: the pipeline's, and the layer is in the description.
  CHECK(vulns[2]["location"]["commit"]["sha"] == versioned().default_commit);
  CHECK(vulns[2]["description"].get<std::string>().find("layer_digest") !=
        std::string::npos);
  CHECK(first["scan"]["status"] == "success");
}

TEST_CASE("gitlab: an incomplete scan is a failure, and says what failed") {
  const auto report = json::parse(render(Format::gitlab, versioned(), sample_report()));
  CHECK(report["scan"]["status"] == "failure");
  const auto& messages = report["scan"]["messages"];
  REQUIRE(messages.size() == 2);
  CHECK(messages[0]["level"] == "info");
  CHECK(messages[1] ==
        json{{"level", "warn"}, {"value", "vendor/blob.bin: permission denied"}});
}

TEST_CASE("gitlab: secrets are redacted unless asked, and no commit is a zero id") {
  ReportOptions options;
  const auto report =
      json::parse(render(Format::gitlab, options, history_and_image_report()));
  CHECK(report["vulnerabilities"][0]["raw_source_code_extract"] == "demo****");
  CHECK(report["vulnerabilities"][2]["location"]["commit"]["sha"] == std::string(40, '0'));
  CHECK(report["scan"]["analyzer"]["version"] == "unknown");
  options.show_secrets = true;
  const auto shown =
      json::parse(render(Format::gitlab, options, history_and_image_report()));
  CHECK(shown["vulnerabilities"][0]["raw_source_code_extract"] ==
        "demo_key_FAKE1111EXAMPLE1111");
}

TEST_CASE("gitlab_time and uuid_from") {
  CHECK(gitlab_time(std::chrono::system_clock::from_time_t(0)) == "1970-01-01T00:00:00");
  CHECK(gitlab_time(std::chrono::system_clock::from_time_t(1700000000)) ==
        "2023-11-14T22:13:20");
  CHECK(uuid_from("a") == uuid_from("a"));
  CHECK(uuid_from("a") != uuid_from("b"));
}
