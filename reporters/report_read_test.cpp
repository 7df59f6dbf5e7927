#include "reporters/report_read.h"

#include <string>

#include <doctest/doctest.h>

#include "reporters/reporters_test_support.h"

using namespace keysift;
using namespace keysift::reporters;

TEST_CASE("a json report read back writes the same json") {
  ReportOptions options;
  options.show_allowed = true;
  const std::string json = testing::render(Format::json, options, testing::sample_report());
  auto read = read_json_report(json);
  REQUIRE_MESSAGE(read.is_ok(), read.error());
  CHECK_FALSE(read->has_shard);
  CHECK(read->report.findings.size() == testing::sample_report().findings.size());
  ReportOptions shown = options;
  shown.show_secrets = true; // the values are read as shown
  CHECK(testing::render(Format::json, shown, read->report) == json);
}

TEST_CASE("a shard's section is read back") {
  ReportOptions options;
  auto shard = std::make_shared<ShardSection>();
  shard->index = 1;
  shard->count = 3;
  shard->walk = "w";
  shard->rules = "r";
  shard->version = "v";
  shard->ranks = {{"c1", 4}, {"c2", 9}};
  options.shard = shard;
  const std::string json = testing::render(Format::json, options, testing::sample_report());
  auto read = read_json_report(json);
  REQUIRE_MESSAGE(read.is_ok(), read.error());
  REQUIRE(read->has_shard);
  CHECK(read->shard.index == 1);
  CHECK(read->shard.count == 3);
  CHECK(read->shard.ranks.size() == 2);
}

TEST_CASE("hostile reports are errors, never exceptions") {
  ReportOptions options;
  const std::string json = testing::render(Format::json, options, testing::sample_report());
  for (std::size_t cut = 0; cut < json.size(); cut += json.size() / 40 + 1)
    CHECK_FALSE(read_json_report(json.substr(0, cut)).is_ok());
  CHECK(read_json_report(std::string(100000, '[') + std::string(100000, ']'))
            .error()
            .find("nests deeper") != std::string::npos);
  ReadLimits small;
  small.max_bytes = 100;
  CHECK(read_json_report(json, small).error().find("over the limit") != std::string::npos);
  small = {};
  small.max_findings = 1;
  CHECK(read_json_report(json, small).error().find("more than 1 findings") !=
        std::string::npos);
  auto swap = [&](const std::string& from, const std::string& to) {
    std::string text = json;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return read_json_report(text);
  };
  CHECK_FALSE(swap("\"line\": ", "\"line\": -").is_ok());
  CHECK_FALSE(swap("\"line\": ", "\"line\": 1e400, \"x\": ").is_ok());
  CHECK_FALSE(
      swap("\"files_scanned\": ", "\"files_scanned\": 99999999999999999999999").is_ok());
  CHECK_FALSE(swap("\"rule_id\": ", "\"rule_id\": 5, \"x\": ").is_ok());
  CHECK_FALSE(swap("\"findings\": [", "\"findings\": {\"a\": [").is_ok());
  CHECK_FALSE(swap("\"entropy\": ", "\"entropy\": 1e300, \"x\": ").is_ok());
  CHECK(swap("\"stats\"", "\"xstats\"").error().find("stats") != std::string::npos);
}
