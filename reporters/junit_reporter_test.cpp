#include "reporters/junit_reporter.h"

#include <doctest/doctest.h>

#include "places_test_support.h"
#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::history_and_image_report;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;

namespace {

ReportOptions versioned() {
  ReportOptions options;
  options.tool_version = "0.1.0";
  return options;
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

} // namespace

// tests/report_formats_e2e.py parses these with an XML parser.
TEST_CASE("junit report matches the golden files") {
  check_golden("junit.golden", render(Format::junit, versioned(), sample_report()));
  check_golden("junit_history.golden",
               render(Format::junit, versioned(), history_and_image_report()));
}

TEST_CASE("junit: one failing case per rule and file, and one coverage case") {
  const std::string xml = render(Format::junit, versioned(), history_and_image_report());
  // demo-api-key in two files, fake-token in one: three failures, four cases.
  CHECK(count(xml, "<testcase ") == 4);
  CHECK(count(xml, "<failure ") == 3);
  CHECK(xml.find("tests=\"4\" failures=\"3\" errors=\"0\"") != std::string::npos);
  CHECK(xml.find("classname=\"demo-api-key\" name=\"backup/prod.env.bak\"") !=
        std::string::npos);
  CHECK(xml.find("deploy/prod.env:2:5: demo**** commit=1111") != std::string::npos);
  CHECK(xml.find("backup/prod.env.bak:2: demo**** commit=2222") != std::string::npos);
  CHECK(xml.find("<error") == std::string::npos);
}

TEST_CASE("junit: a clean scan is one passing case; an incomplete one has an error") {
  keysift::scanner::ScanReport clean;
  clean.stats.files_scanned = 3;
  const std::string ok = render(Format::junit, versioned(), clean);
  CHECK(count(ok, "<testcase ") == 1);
  CHECK(ok.find("tests=\"1\" failures=\"0\" errors=\"0\"") != std::string::npos);
  const std::string bad = render(Format::junit, versioned(), sample_report());
  CHECK(bad.find("errors=\"1\"") != std::string::npos);
  CHECK(bad.find("<error message=\"the scan is incomplete: 1 input failed\" "
                 "type=\"incomplete\">vendor/blob.bin: permission denied\n</error>") !=
        std::string::npos);
}

TEST_CASE("xml_escape keeps any input well-formed") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xml_escape("tab\tnl\n") == "tab\tnl\n");
  CHECK(xml_escape("cr\r") == "cr&#13;");
  CHECK(xml_escape("\x1b[2J\a") == "\xEF\xBF\xBD[2J\xEF\xBF\xBD");
  CHECK(xml_escape("bad \xff byte") == "bad \xEF\xBF\xBD byte");
  CHECK(xml_escape("\xEF\xBF\xBE") == "\xEF\xBF\xBD"); // U+FFFE is not an XML character
  CHECK(xml_escape("p\xc3\xa4ss") == "p\xc3\xa4ss");
}
