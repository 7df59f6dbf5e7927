#include "reporters_test_support.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

namespace keysift::reporters::testing {

namespace {

// Sets the columns from where the secret first occurs in the line (on line `line`).
void place(scanner::Finding& f, std::uint64_t line) {
  const std::size_t at = f.line_text.find(f.secret);
  REQUIRE(at != std::string::npos);
  f.line = line;
  f.end_line = line;
  f.column = at + 1;
  f.line_text_column = at + 1;
  f.end_column = at + f.secret.size();
  f.offset = 100 * line + at;
}

// Rules by number in sample_report()'s rule set (id order).
constexpr std::uint32_t demo_api_key = 0, fake_token = 1, generic_password = 2;

// At commit 0 of sample_report()'s catalog.
scanner::Finding finding_with_provenance() {
  scanner::Finding f;
  f.rule = demo_api_key;
  f.origin = scanner::make_origin(scanner::GitBlobOrigin{0, "config/app settings.env"});
  f.secret = "demo_key_FAKE0000EXAMPLE0000";
  f.match = "DEMO_KEY = \"demo_key_FAKE0000EXAMPLE0000";
  f.line_text = "DEMO_KEY = \"demo_key_FAKE0000EXAMPLE0000\" # twice: "
                "demo_key_FAKE0000EXAMPLE0000\n";
  place(f, 3);
  f.entropy = 3.987654;
  f.fingerprint = "fp-00000000000000000000000000000001";
  return f;
}

// The line tries to clear the screen, ring the bell and set the window title.
scanner::Finding finding_with_hostile_line() {
  scanner::Finding f;
  f.rule = fake_token;
  f.origin = scanner::make_origin(scanner::FileOrigin{"logs/build.log"});
  f.secret = "fake_tok_0000EXAMPLE0000";
  f.match = "TOKEN\xff=fake_tok_0000EXAMPLE0000";
  f.line_text = "\x1b[2J\aTOKEN\xff=fake_tok_0000EXAMPLE0000\t# \x1b]0;pwned\a\r\n";
  place(f, 7);
  f.entropy = 3.5;
  f.fingerprint = "fp-00000000000000000000000000000002";
  return f;
}

scanner::Finding finding_on_long_line() {
  scanner::Finding f;
  f.rule = generic_password;
  f.origin = scanner::make_origin(scanner::FileOrigin{"src/main.c"});
  f.secret = "p\xc3\xa4ss\xc3\xb6rd-FAKE-000"; // "pässörd-FAKE-000"
  const std::string prefix =
      "/* " + std::string(150, 'x') + " */ const char* password = \"";
  f.line_text = prefix + f.secret + "\"; /* " + std::string(150, 'y') + " */";
  place(f, 42);
  f.match = "password = \"" + f.secret;
  f.entropy = 3.75;
  f.fingerprint = "fp-00000000000000000000000000000003";
  return f;
}

std::string golden_path(std::string_view name) {
  const char* dir = std::getenv("KEYSIFT_SOURCE_DIR");
  REQUIRE_MESSAGE(dir != nullptr,
                  "KEYSIFT_SOURCE_DIR is not set (run the test with ctest)");
  return std::string(dir) + "/reporters/testdata/" + std::string(name);
}

} // namespace

scanner::ScanReport sample_report() {
  scanner::ScanReport report;
  report.findings = {finding_with_provenance(), finding_with_hostile_line(),
                     finding_on_long_line()};
  report.errors = {{"vendor/blob.bin", "permission denied", "unreadable"}};
  report.stats.status = "incomplete";
  report.stats.requested = {"git range", {"main..topic"}, {{"commits", 3}}};
  report.stats.scanned = {{"commits", 2}};
  report.stats.files_scanned = 12;
  report.stats.bytes_scanned = 1234567;
  report.stats.skipped = {{"binary", 1}, {"symlink", 1}};
  report.stats.rules = 4;
  report.stats.seconds = 0.0512;
  auto rule = [](std::string id, std::string description, std::string severity,
                 std::vector<std::string> tags) {
    rules::Rule r;
    r.id = std::move(id);
    r.description = std::move(description);
    r.severity = std::move(severity);
    r.tags = std::move(tags);
    return r;
  };
  auto set = std::make_shared<rules::RuleSet>();
  set->rules = {
      rule("demo-api-key", "Demo API key", "high", {"demo", "api-key"}),
      rule("fake-token", "Fake token", "medium", {"demo"}),
      rule("generic-password", "Generic password assignment", "low", {"generic"}),
      rule("unused-rule", "A rule that does not fire", "critical", {}),
  };
  report.rules = std::move(set);
  report.catalog.commits.push_back(
      {"0000000000000000000000000000000000c0ffee", "Test Author <author@example.invalid>",
       "", "2024-01-02T03:04:05Z", "add demo_key_FAKE0000EXAMPLE0000 by mistake"});
  return report;
}

std::string render(Format format, const ReportOptions& options,
                   const scanner::ScanReport& report) {
  std::ostringstream out;
  const auto reporter = make_reporter(format, out, options);
  REQUIRE(reporter != nullptr);
  for (const auto& finding : report.findings) reporter->on_finding(finding, report);
  reporter->finish(report);
  CHECK_MESSAGE(reporter->status().is_ok(), reporter->status().message());
  return out.str();
}

void check_golden(std::string_view name, const std::string& actual) {
  const std::string path = golden_path(name);
  const char* update = std::getenv("KEYSIFT_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream file(path, std::ios::binary);
    file << actual;
    REQUIRE_MESSAGE(file.good(), "cannot write " << path);
    MESSAGE("updated " << path);
    return;
  }
  std::ifstream file(path, std::ios::binary);
  REQUIRE_MESSAGE(file.good(),
                  "missing golden " << path << " (run with KEYSIFT_UPDATE_GOLDEN=1)");
  std::ostringstream expected;
  expected << file.rdbuf();
  CHECK_MESSAGE(actual == expected.str(),
                "output differs from " << path << " (KEYSIFT_UPDATE_GOLDEN=1 rewrites it)\n"
                                       << actual);
}

} // namespace keysift::reporters::testing
