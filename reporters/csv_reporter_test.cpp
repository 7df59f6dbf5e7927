#include "reporters/csv_reporter.h"

#include <doctest/doctest.h>

#include "places_test_support.h"
#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::history_and_image_report;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;

TEST_CASE("csv report matches the golden files") {
  check_golden("csv.golden", render(Format::csv, ReportOptions{}, sample_report()));
  check_golden("csv_history.golden",
               render(Format::csv, ReportOptions{}, history_and_image_report()));
}

TEST_CASE("csv: a header, then one row per place") {
  const std::string csv = render(Format::csv, ReportOptions{}, history_and_image_report());
  CHECK(csv.rfind("rule_id,description,severity,path,line,", 0) == 0);
  std::size_t rows = 0;
  for (auto at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2))
    ++rows;
  CHECK(rows == 4); // the header, the blob at two paths, the layer
  // The other version of the file: its line, and no column (only the line is recorded).
  CHECK(csv.find("backup/prod.env.bak,2,0,2,0,demo****,fp-00000000000000000000000000000011,"
                 "2222222222222222222222222222222222222222,Other Author,") !=
        std::string::npos);
  CHECK(csv.find(",docker.io/test/app:1,1,") != std::string::npos);
}

TEST_CASE("csv_field quotes what must be quoted and defuses formulas") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv_field("+1") == "'+1");
  CHECK(csv_field("-x") == "'-x");
  CHECK(csv_field("@SUM") == "'@SUM");
  CHECK(csv_field("") == "");
}
