#include "reporters/text_reporter.h"

#include <doctest/doctest.h>

#include "reporters/display.h"
#include "reporters/text_summary.h"
#include "reporters_test_support.h"

using namespace keysift::reporters;
using keysift::reporters::testing::check_golden;
using keysift::reporters::testing::render;
using keysift::reporters::testing::sample_report;

namespace {

// True when every ESC in `text` starts an SGR sequence ("\x1b[" digits and ';' then 'm').
bool only_sgr_escapes(const std::string& text) {
  for (std::size_t at = text.find('\x1b'); at != std::string::npos;
       at = text.find('\x1b', at + 1)) {
    if (text.compare(at, 2, "\x1b[") != 0) return false;
    std::size_t i = at + 2;
    while (i < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || text[i] == ';')) {
      ++i;
    }
    if (i >= text.size() || text[i] != 'm') return false;
  }
  return true;
}

} // namespace

TEST_CASE("text report without colour matches the golden file") {
  const std::string out = render(Format::text, ReportOptions{}, sample_report());
  check_golden("text.golden", out);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\a') == std::string::npos);
}

TEST_CASE("text report with colour matches the golden file") {
  ReportOptions options;
  options.color = true;
  const std::string out = render(Format::text, options, sample_report());
  check_golden("text_color.golden", out);
  CHECK(only_sgr_escapes(out));
  CHECK(out.find("\x1b[1;31mdemo****\x1b[0m") != std::string::npos);
  CHECK(out.find('^') == std::string::npos); // colour marks the secret, not carets
}

TEST_CASE("text report redacts every secret unless show_secrets") {
  const auto report = sample_report();
  const std::string hidden = render(Format::text, ReportOptions{}, report);
  ReportOptions show;
  show.show_secrets = true;
  const std::string shown = render(Format::text, show, report);
  for (const auto& finding : report.findings) {
    CHECK(hidden.find(finding.secret) == std::string::npos);
    CHECK(shown.find(finding.secret) != std::string::npos);
  }
}

TEST_CASE("text report: no finding's block shows another secret of the same input") {
  auto report = sample_report();
  REQUIRE(report.findings.size() >= 2);
  // Two findings on one line of one input, with the first's secret also in the second's
  // match: each block must hide both.
  auto& a = report.findings[0];
  auto& b = report.findings[1];
  b.origin = a.origin;
  a.line_text = "k=" + a.secret + " j=" + b.secret;
  a.line_text_column = 3;
  b.line_text = a.line_text;
  b.line_text_column = a.secret.size() + 7;
  b.line = a.line;
  const std::string hidden = render(Format::text, ReportOptions{}, report);
  CHECK(hidden.find(a.secret) == std::string::npos);
  CHECK(hidden.find(b.secret) == std::string::npos);
}

TEST_CASE("text report blocks hold location, description, fingerprint and provenance") {
  const std::string out = render(Format::text, ReportOptions{}, sample_report());
  CHECK(out.find("[high] demo-api-key\n  config/app settings.env:3:13\n") !=
        std::string::npos);
  CHECK(out.find("  Demo API key\n") != std::string::npos);
  CHECK(out.find("  fingerprint: fp-00000000000000000000000000000001\n") !=
        std::string::npos);
  CHECK(out.find("  commit: 0000000000000000000000000000000000c0ffee\n") !=
        std::string::npos);
  CHECK(out.find("  message: add demo**** by mistake\n") != std::string::npos);
  // Input errors are diagnostics (the CLI prints them to stderr); the summary counts them.
  CHECK(out.find("permission denied") == std::string::npos);
  CHECK(out.find("; 1 error; incomplete: not scanned: 1 unreadable\n") !=
        std::string::npos);
}

TEST_CASE("the summary counts findings by severity, skips and errors") {
  CHECK(text_summary(sample_report()) ==
        "3 findings (1 high, 1 medium, 1 low) in 12 files, 1.2 MB scanned in 0.05 s "
        "[2 of 3 commits]; 2 skipped (1 binary, 1 symlink); 1 error; incomplete: not "
        "scanned: 1 unreadable");
  keysift::scanner::ScanReport report;
  report.stats.files_scanned = 1;
  report.stats.bytes_scanned = 999;
  CHECK(text_summary(report) == "no findings in 1 file (999 B)");
  report.stats.files_scanned = 12;
  report.stats.bytes_scanned = 1234567;
  CHECK(text_summary(report) == "no findings in 12 files (1.2 MB)");
  report.stats.status = "complete";
  report.stats.scanned = {{"layers", 2}};
  report.stats.requested.units = {{"layers", 2}, {"images", 1}};
  CHECK(text_summary(report) ==
        "no findings in 12 files (1.2 MB) [2 layers, 0 of 1 images]");
  report.findings.resize(1);
  auto set = std::make_shared<keysift::rules::RuleSet>();
  set->rules.resize(1);
  set->rules[0].severity = "critical";
  report.rules = std::move(set);
  CHECK(text_summary(report).starts_with("1 finding (1 critical) in 12 files"));
}

TEST_CASE("the summary says what was not scanned unless the scan was complete") {
  keysift::scanner::ScanReport report;
  report.stats.files_scanned = 2;
  report.errors = {
      {"a", "gone", "unreadable"}, {"b", "x", "shallow"}, {"c", "y", "shallow"}};
  report.stats.status = "incomplete";
  CHECK(text_summary(report) == "no findings in 2 files (0 B); 3 errors; incomplete: not "
                                "scanned: 2 shallow, 1 unreadable");
  report.stats.status = "partial";
  CHECK(text_summary(report).ends_with("; partial: not scanned: 2 shallow, 1 unreadable"));
  report.errors.clear();
  report.stats.status = "failed";
  CHECK(text_summary(report) == "no findings in 2 files (0 B); failed");
}

TEST_CASE("an empty report prints only the summary") {
  keysift::scanner::ScanReport report;
  CHECK(render(Format::text, ReportOptions{}, report) == "no findings in 0 files (0 B)\n");
}

TEST_CASE("human_bytes uses decimal units") {
  CHECK(human_bytes(0) == "0 B");
  CHECK(human_bytes(999) == "999 B");
  CHECK(human_bytes(1000) == "1.0 kB");
  CHECK(human_bytes(1234567) == "1.2 MB");
  CHECK(human_bytes(999960) == "1.0 MB");
  CHECK(human_bytes(3'000'000'000) == "3.0 GB");
}

TEST_CASE("a path or reason cannot inject terminal escapes") {
  keysift::scanner::ScanReport report;
  report.errors = {{"evil\x1b]0;title\a.txt", "bad\x1b[2J"}};
  const std::string out = render(Format::text, ReportOptions{}, report);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(terminal_safe("evil\x1b]0;title\a.txt: bad\x1b[2J") ==
        "evil\\x1b]0;title\\x07.txt: bad\\x1b[2J");
}
