#include "places_test_support.h"

#include <doctest/doctest.h>

namespace keysift::reporters::testing {
namespace {

void place(scanner::Finding& f, std::uint64_t line) {
  const std::size_t at = f.line_text.find(f.secret);
  REQUIRE(at != std::string::npos);
  f.line = f.end_line = line;
  f.column = f.line_text_column = at + 1;
  f.end_column = at + f.secret.size();
  f.offset = 100 * line + at;
}

rules::Rule rule(std::string id, std::string description, std::string severity,
                 std::string help) {
  rules::Rule r;
  r.id = std::move(id);
  r.description = std::move(description);
  r.severity = std::move(severity);
  r.tags = {"demo"};
  r.help = std::move(help);
  return r;
}

} // namespace

scanner::ScanReport history_and_image_report() {
  scanner::ScanReport report;
  auto set = std::make_shared<rules::RuleSet>();
  set->rules = {rule("demo-api-key", "Demo API key", "high",
                     "A demo key opens the demo service. Revoke it in the demo console."),
                rule("fake-token", "Fake token", "medium", "")};
  report.rules = std::move(set);
  report.catalog.commits = {{std::string(40, '1'), "Test Author", "author@example.invalid",
                             "2024-05-06T07:08:09Z", "deploy settings"},
                            {std::string(40, '2'), "Other Author", "other@example.invalid",
                             "2024-06-07T08:09:10Z", "keep a copy"}};
  report.catalog.images = {
      {"docker.io/test/app:1",
       "",
       {{"sha256:" + std::string(64, '0'), ""}, {"sha256:" + std::string(64, 'a'), ""}}}};

  scanner::Finding blob;
  blob.rule = 0;
  blob.origin = scanner::make_origin(scanner::GitBlobOrigin{0, "deploy/prod.env"},
                                     {scanner::GitBlobOrigin{1, "backup/prod.env.bak", 2}});
  blob.secret = "demo_key_FAKE1111EXAMPLE1111";
  blob.match = blob.line_text = "KEY=demo_key_FAKE1111EXAMPLE1111";
  place(blob, 2);
  blob.entropy = 3.9;
  blob.fingerprint = "fp-00000000000000000000000000000011";

  scanner::Finding layer;
  layer.rule = 1;
  layer.origin = scanner::make_origin(scanner::ImageOrigin{0, 1, "app/config.yaml", false});
  layer.secret = layer.match = "fake_tok_1111EXAMPLE1111";
  layer.line_text = "token: fake_tok_1111EXAMPLE1111";
  place(layer, 5);
  layer.entropy = 3.6;
  layer.fingerprint = "fp-00000000000000000000000000000012";

  report.findings = {blob, layer};
  report.stats.files_scanned = 7;
  report.stats.bytes_scanned = 4096;
  report.stats.seconds = 0.25;
  return report;
}

} // namespace keysift::reporters::testing
