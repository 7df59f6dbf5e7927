#include <sstream>

#include <doctest/doctest.h>

#include "reporters/reporter.h"
#include "reporters_test_support.h"

using namespace keysift::reporters;

TEST_CASE("parse_format knows the seven formats") {
  CHECK(*parse_format("text") == Format::text);
  CHECK(*parse_format("json") == Format::json);
  CHECK(*parse_format("jsonl") == Format::jsonl);
  CHECK(*parse_format("sarif") == Format::sarif);
  CHECK(*parse_format("gitlab") == Format::gitlab);
  CHECK(*parse_format("junit") == Format::junit);
  CHECK(*parse_format("csv") == Format::csv);
}

TEST_CASE("parse_format rejects anything else, naming the choices") {
  const auto bad = parse_format("xml");
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.error() == "unknown report format 'xml' (expected text, json, jsonl, sarif, "
                       "gitlab, junit or csv)");
  CHECK_FALSE(parse_format("").is_ok());
  CHECK_FALSE(parse_format("JSON").is_ok());
}

TEST_CASE("make_reporter makes one reporter per format") {
  std::ostringstream out;
  for (const Format format : {Format::text, Format::json, Format::jsonl, Format::sarif,
                              Format::gitlab, Format::junit, Format::csv}) {
    const auto reporter = make_reporter(format, out, ReportOptions{});
    REQUIRE(reporter != nullptr);
    CHECK(reporter->status().is_ok());
  }
}

TEST_CASE("a stream that fails is reported through status(), not thrown") {
  for (const Format format : {Format::text, Format::json, Format::sarif, Format::gitlab,
                              Format::junit, Format::csv}) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    const auto reporter = make_reporter(format, out, ReportOptions{});
    reporter->finish(keysift::scanner::ScanReport{});
    CHECK_FALSE(reporter->status().is_ok());
  }
}

namespace {

// Accepts nothing, like a pipe whose reader has gone.
class FullBuffer : public std::streambuf {
protected:
  int_type overflow(int_type /*ch*/) override { return traits_type::eof(); }
  std::streamsize xsputn(const char* /*s*/, std::streamsize /*n*/) override { return 0; }
};

} // namespace

TEST_CASE("a stream that throws is reported through status(), not thrown") {
  FullBuffer buffer;
  std::ostream out(&buffer);
  out.exceptions(std::ios::badbit | std::ios::failbit);
  const auto reporter = make_reporter(Format::jsonl, out, ReportOptions{});
  const auto report = keysift::reporters::testing::sample_report();
  CHECK_NOTHROW(reporter->on_finding(report.findings[0], report));
  CHECK_FALSE(reporter->status().is_ok());
  CHECK(reporter->status().message().find("cannot write the report") == 0);
}
