#include "reporters/jsonl_reporter.h"

#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;
using nlohmann::ordered_json;

TEST_CASE("jsonl report matches the golden file") {
  check_golden("jsonl.golden", render(Format::jsonl, ReportOptions{}, sample_report()));
}

TEST_CASE("jsonl writes each finding as it comes, and nothing at finish") {
  const auto report = sample_report();
  std::ostringstream out;
  JsonlReporter reporter(out, ReportOptions{});
  reporter.on_finding(report.findings[2], report);
  const std::string after_one = out.str();
  CHECK(std::count(after_one.begin(), after_one.end(), '\n') == 1);
  CHECK(ordered_json::parse(after_one)["rule_id"] == "generic-password");
  reporter.on_finding(report.findings[0], report);
  const std::string before_finish = out.str();
  reporter.finish(report);
  CHECK(out.str() == before_finish);
  CHECK(reporter.status().is_ok());
}

TEST_CASE("each jsonl line is the json report's finding object") {
  const auto report = sample_report();
  const auto json = ordered_json::parse(render(Format::json, ReportOptions{}, report));
  std::istringstream lines(render(Format::jsonl, ReportOptions{}, report));
  std::string line;
  std::size_t i = 0;
  while (std::getline(lines, line)) {
    REQUIRE(i < json["findings"].size());
    CHECK(ordered_json::parse(line) == json["findings"][i]);
    ++i;
  }
  CHECK(i == report.findings.size());
}
