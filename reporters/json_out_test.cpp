#include "reporters/json_out.h"

#include <random>

#include <doctest/doctest.h>

#include "reporters/display.h"
#include "reporters/json_fields.h"
#include "reporters/location_fields.h"

using namespace keysift;
using namespace keysift::reporters;

namespace {

// The oracle: the finding built as an nlohmann document, the way the reporters wrote it
// before JsonOut (fixed fields, location fields via add_attr, then "locations").
Json finding_document(const scanner::Finding& f, const scanner::ScanReport& report,
                      bool show) {
  const rules::Rule& rule = report.rule(f);
  Json out = Json::object();
  out["rule_id"] = rule.id;
  out["description"] = rule.description;
  out["severity"] = rule.severity;
  out["tags"] = rule.tags;
  out["path"] = f.path();
  out["line"] = f.line;
  out["column"] = f.column;
  out["end_line"] = f.end_line;
  out["end_column"] = f.end_column;
  out["secret"] = shown_secret(f, show);
  out["match"] = shown_text(f.match, f, show);
  out["entropy"] = round3(f.entropy);
  out["fingerprint"] = f.fingerprint;
  for (const auto& [key, value] : finding_fields(f, report.catalog))
    add_attr(out, key, shown_text(value, f, show));
  if (!f.origin->also.empty()) {
    Json locations = Json::array();
    for (const auto& where : f.origin->also) {
      Json loc = Json::object();
      loc["path"] = scanner::path_of(where);
      for (const auto& [key, value] : location_fields(where, report.catalog))
        add_attr(loc, key, shown_text(value, f, show));
      locations.push_back(std::move(loc));
    }
    out["locations"] = std::move(locations);
  }
  return out;
}

// Random bytes weighted towards what breaks writers: quotes, backslashes, control
// characters, UTF-8 leads and continuations in and out of order, valid sequences.
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {"a",
                                                  "Z",
                                                  "0",
                                                  "\"",
                                                  "\\",
                                                  "/",
                                                  "\n",
                                                  "\t",
                                                  "\r",
                                                  "\b",
                                                  "\f",
                                                  std::string(1, '\0'),
                                                  "\x01",
                                                  "\x1f",
                                                  "\x7f",
                                                  "\xc3\xa9",
                                                  "\xe2\x82\xac",
                                                  "\xf0\x9f\x94\x91",
                                                  "\xc3",
                                                  "\xe2\x82",
                                                  "\xf0\x9f",
                                                  "\x80",
                                                  "\xbf",
                                                  "\xc0\xaf",
                                                  "\xed\xa0\x80",
                                                  "\xf4\x90\x80\x80",
                                                  "\xff",
                                                  "\xe0\x80",
                                                  "secret",
                                                  "tok"};
  std::string s;
  const int n = static_cast<int>(rng() % 12);
  for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
  return s;
}

// A location of a random kind, with random text wherever it holds text; commits and
// images go to `report`'s catalog.
scanner::Location random_location(std::mt19937& rng, scanner::ScanReport& report) {
  auto& catalog = report.catalog;
  switch (rng() % 5) {
  case 0:
    return scanner::FileOrigin{random_text(rng)};
  case 1:
    return scanner::StdinOrigin{};
  case 2: {
    catalog.commits.push_back({random_text(rng), random_text(rng), random_text(rng),
                               random_text(rng), random_text(rng)});
    const auto commit = rng() % 4 == 0
                            ? scanner::no_index
                            : static_cast<std::uint32_t>(catalog.commits.size() - 1);
    return scanner::GitBlobOrigin{commit, random_text(rng), rng() % 2 ? rng() % 500 : 0};
  }
  case 3:
    return scanner::GitObjectOrigin{random_text(rng), random_text(rng),
                                    rng() % 2 ? rng() % 9 : 0};
  default: {
    scanner::ImageInfo image{random_text(rng), rng() % 2 ? random_text(rng) : "", {}};
    for (auto i = rng() % 3; i > 0; --i)
      image.layers.push_back({rng() % 2 ? random_text(rng) : "", random_text(rng)});
    catalog.images.push_back(std::move(image));
    const auto layer = static_cast<std::uint32_t>(rng() % 4);
    return scanner::ImageOrigin{static_cast<std::uint32_t>(catalog.images.size() - 1),
                                layer == 3 ? scanner::no_index : layer, random_text(rng),
                                rng() % 2 == 0};
  }
  }
}

scanner::Finding random_finding(std::mt19937& rng, scanner::ScanReport& report) {
  auto set = std::make_shared<rules::RuleSet>();
  rules::Rule rule;
  rule.id = random_text(rng);
  rule.description = random_text(rng);
  rule.severity = "high";
  for (auto i = rng() % 3; i > 0; --i) rule.tags.push_back(random_text(rng));
  set->rules.push_back(std::move(rule));
  report.rules = std::move(set);
  scanner::Finding f;
  scanner::Location where = random_location(rng, report);
  std::vector<scanner::Location> also;
  for (auto i = rng() % 3; i > 0; --i) also.push_back(random_location(rng, report));
  f.origin = scanner::make_origin(std::move(where), std::move(also));
  for (auto i = rng() % 3; i > 0; --i) f.decoded.push_back(random_text(rng));
  f.line = rng() % 100000;
  f.column = rng();
  f.end_line = std::uint64_t{rng()} << 20;
  f.end_column = 1;
  f.secret = random_text(rng) + "k3y";
  f.match = "x=" + f.secret + random_text(rng);
  f.entropy = static_cast<double>(rng() % 8001) / 1000.0;
  f.fingerprint = random_text(rng);
  return f;
}

} // namespace

TEST_CASE("JsonOut writes a finding byte for byte as nlohmann's dump of the document") {
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    scanner::ScanReport report;
    const scanner::Finding f = random_finding(rng, report);
    const bool show = i % 2 == 0;
    for (const int indent : {-1, 2}) {
      std::string got;
      JsonOut out(got, indent);
      write_finding(out, f, report, show);
      const std::string want = dump_json(finding_document(f, report, show), indent);
      REQUIRE_MESSAGE(got == want, "finding " << i << " indent " << indent);
    }
  }
}

TEST_CASE("JsonOut nests containers and writes empty ones as nlohmann does") {
  for (const int indent : {-1, 2}) {
    std::string got;
    JsonOut out(got, indent);
    out.begin_object();
    out.key("a");
    out.begin_array();
    out.end_array();
    out.key("b");
    out.begin_object();
    out.end_object();
    out.key("c");
    out.begin_array();
    out.value(std::uint64_t{18446744073709551615u});
    out.value(0.0);
    out.value(2.5);
    out.value(4.634);
    out.begin_object();
    out.key("d");
    out.value("e");
    out.end_object();
    out.end_array();
    out.end_object();
    const Json want = {{"a", Json::array()},
                       {"b", Json::object()},
                       {"c", {18446744073709551615u, 0.0, 2.5, 4.634, {{"d", "e"}}}}};
    CHECK(got == dump_json(want, indent));
  }
}
