// Findings seen at several places (a git blob at several commits or paths).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "reporters/reporter.h"
#include "reporters_test_support.h"

using namespace keysift;
using namespace keysift::reporters;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;

namespace {

scanner::ScanReport report_with_locations(std::size_t n) {
  auto report = sample_report();
  report.findings.resize(1);
  std::vector<scanner::Location> also;
  for (std::size_t i = 0; i < n; ++i) {
    const auto commit = static_cast<std::uint32_t>(report.catalog.commits.size());
    report.catalog.commits.push_back(
        {"0123456789abcdef0123456789abcdef0123456" + std::to_string(i), "", "", "",
         "copy " + std::to_string(i)});
    also.emplace_back(
        scanner::GitBlobOrigin{commit, "copy" + std::to_string(i) + "/conf.txt"});
  }
  auto& f = report.findings[0];
  f.origin = scanner::make_origin(f.origin->where, std::move(also));
  return report;
}

} // namespace

TEST_CASE("json lists every other location") {
  const auto report = report_with_locations(2);
  const auto json = nlohmann::json::parse(render(Format::json, ReportOptions{}, report));
  const auto& locations = json["findings"][0]["locations"];
  REQUIRE(locations.size() == 2);
  CHECK(locations[0]["path"] == "copy0/conf.txt");
  CHECK(locations[1]["commit"] == "0123456789abcdef0123456789abcdef01234561");
  CHECK(locations[1]["message"] == "copy 1");
  const auto plain =
      nlohmann::json::parse(render(Format::json, ReportOptions{}, sample_report()));
  CHECK_FALSE(plain["findings"][0].contains("locations"));
}

TEST_CASE("jsonl lists them too") {
  const auto out = render(Format::jsonl, ReportOptions{}, report_with_locations(1));
  CHECK(out.find("\"locations\":[{\"path\":\"copy0/conf.txt\"") != std::string::npos);
}

TEST_CASE("text shows the first other location and a count") {
  const auto one = render(Format::text, ReportOptions{}, report_with_locations(1));
  CHECK(one.find("also: 1 more location: copy0/conf.txt (commit 0123456789ab)\n") !=
        std::string::npos);
  const auto three = render(Format::text, ReportOptions{}, report_with_locations(3));
  CHECK(three.find("also: 3 more locations: copy0/conf.txt (commit 0123456789ab), … "
                   "(--format json lists all)\n") != std::string::npos);
  const auto none = render(Format::text, ReportOptions{}, sample_report());
  CHECK(none.find("also:") == std::string::npos);
}
