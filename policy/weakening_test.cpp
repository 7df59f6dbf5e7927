#include "policy/weakening.h"

#include <doctest/doctest.h>
#include <fmt/core.h>

using namespace keysift;
using namespace keysift::policy;

namespace {

rules::RuleSet pack() {
  rules::RuleSet set;
  for (auto [id, tag] : {std::pair{"aws-key", "cloud"},
                         {"generic-secret", "generic"},
                         {"generic-password", "generic"},
                         {"github-pat", "vcs"}}) {
    rules::Rule r;
    r.id = id;
    r.description = id;
    r.regex = "x_[0-9]{8}";
    r.tags = {tag};
    r.min_entropy = 3.0;
    set.rules.push_back(r);
  }
  return set;
}

PolicyFiles files(const std::string& config) {
  PolicyFiles f;
  if (config.empty()) return f;
  auto c = parse_config(config, "head.toml");
  REQUIRE_MESSAGE(c.is_ok(), c.error());
  f.config = *c;
  return f;
}

std::vector<std::string> weakenings(const std::string& base, const std::string& head) {
  std::vector<std::string> out;
  for (const auto& w : find_weakenings(pack(), files(base), files(head)))
    out.push_back(fmt::format("{}:{}:{} {}", w.file, w.line, w.column, w.what));
  return out;
}

Baseline entries(const std::string& text, const std::string& origin) {
  auto b = parse_baseline(text, origin);
  REQUIRE_MESSAGE(b.is_ok(), b.error());
  return *b;
}

const std::string fp = "github-pat@0123456789abcdef0123456789abcdef";

} // namespace

TEST_CASE("an allowlist a pull request adds for its own secret is a weakening") {
  auto w = weakenings("", "[[allowlists]]\nstopwords = [\"hunter\"]\n");
  REQUIRE(w.size() == 1);
  CHECK(w[0] == "head.toml:2:14 allowlists on every rule the stopword 'hunter'");
  auto r =
      weakenings("", "[[allowlists]]\nregexes = ['''^ghp_''']\nrules = [\"github-pat\"]\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0] == "head.toml:2:12 allowlists on rules github-pat the regex '^ghp_'");
}

TEST_CASE("what suppresses no more is not a weakening") {
  const std::string base =
      "[[allowlists]]\nglobs = [\"tests/**\"]\nstopwords = [\"example\"]\n\n"
      "[[override]]\nid = \"github-pat\"\nmin_entropy = 3.5\n";
  CHECK(weakenings(base, base).empty());
  // Items removed, a rule added, severity lowered, entropy lowered, an item moved to a
  // narrower scope the base covers everywhere.
  CHECK(weakenings(
            base,
            "[[allowlists]]\nglobs = [\"tests/**\"]\nrules = [\"aws-key\"]\n\n"
            "[[override]]\nid = \"github-pat\"\nmin_entropy = 3.1\nseverity = \"low\"\n\n"
            "[[rules]]\nid = \"new\"\ndescription = \"d\"\nregex = 'n_[0-9]{8}'\n"
            "examples = ['n_12345678']\n")
            .empty());
}

TEST_CASE("rules stopped or narrowed are weakenings, located at their cause") {
  auto by_id = weakenings("", "[disable]\nrules = [\"aws-key\"]\n");
  REQUIRE(by_id.size() == 1);
  CHECK(by_id[0] == "head.toml:2:10 stops running 1 rule: aws-key");
  auto by_tag = weakenings("", "[disable]\ntags = [\"generic\"]\n");
  REQUIRE(by_tag.size() == 1);
  CHECK(by_tag[0] ==
        "head.toml:2:9 stops running 2 rules: generic-password, generic-secret");
  auto entropy = weakenings("", "[[override]]\nid = \"github-pat\"\nmin_entropy = 4.0\n");
  REQUIRE(entropy.size() == 1);
  CHECK(entropy[0] ==
        "head.toml:2:6 rule github-pat may find less: min_entropy rises from 3 to 4");
  auto paths = weakenings("", "[[override]]\nid = \"aws-key\"\npaths = ['''^src/''']\n");
  REQUIRE(paths.size() == 1);
  CHECK(paths[0].find("its path filter narrows") != std::string::npos);
  auto replaced = weakenings("", "[[rules]]\nid = \"github-pat\"\ndescription = \"d\"\n"
                                 "regex = 'ghp_[0-9]{8}'\nexamples = ['ghp_12345678']\n");
  REQUIRE(replaced.size() == 1);
  CHECK(replaced[0].find("its regex changes") != std::string::npos);
}

TEST_CASE("an all-condition allowlist counts whole; any-condition items one by one") {
  const std::string all = "[[allowlists]]\ncondition = \"all\"\nglobs = [\"docs/**\"]\n"
                          "stopwords = [\"example\"]\n";
  CHECK(weakenings(all, all).empty());
  auto widened =
      weakenings(all, "[[allowlists]]\ncondition = \"all\"\nglobs = [\"docs/**\"]\n");
  REQUIRE(widened.size() == 1);
  CHECK(widened[0].rfind("head.toml:1:1 adds or widens an allowlist", 0) == 0);
  // An item the base holds only under condition all is new when it stands alone.
  CHECK(weakenings(all, "[[allowlists]]\nglobs = [\"docs/**\"]\n").size() == 1);
}

TEST_CASE("baseline and ignore-file entries the base does not have") {
  PolicyFiles base, head;
  base.baselines = {entries(fp + " expires=2030-01-01\n", "kb")};
  head.baselines = {entries(fp + " expires=2031-01-01\n"
                                 "jwt@ffffffffffffffffffffffffffffffff\n",
                            "kb")};
  auto w = find_weakenings(pack(), base, head);
  REQUIRE(w.size() == 2);
  CHECK(w[0].file == "kb");
  CHECK(w[0].line == 1);
  CHECK(w[0].what == "the baseline accepts " + fp + " until 2031-01-01");
  CHECK(w[1].what == "the baseline accepts jwt@ffffffffffffffffffffffffffffffff");
  // Removing an entry, an earlier expiry, a narrower path: none widens.
  head.baselines = {entries(fp + " path=src/** expires=2029-01-01\n", "kb")};
  CHECK(find_weakenings(pack(), base, head).empty());
  PolicyFiles gbase, ghead;
  ghead.gitleaks_ignores = {
      parse_gitleaks_ignore("a.py:generic-api-key:3\n", ".gitleaksignore")};
  ghead.ignore_files = {entries(fp + "\n", ".keysiftignore")};
  auto g = find_weakenings(pack(), gbase, ghead);
  REQUIRE(g.size() == 2);
  CHECK(g[0].what == ".keysiftignore accepts " + fp);
  CHECK(g[1].what == ".gitleaksignore accepts :a.py:generic-api-key:3");
}

TEST_CASE("weakening findings join the report under their own rule") {
  scanner::ScanReport report;
  auto set = std::make_shared<rules::RuleSet>(pack());
  report.rules = set;
  scanner::Finding gh;
  gh.rule = 3; // github-pat
  gh.origin = scanner::make_origin(scanner::FileOrigin{"a.py"});
  report.findings.push_back(gh);
  add_weakening_findings(
      report, {Weakening{".keysift.toml", 4, 13, "hunter", "allowlists …"}}, "abc1234");
  REQUIRE(report.findings.size() == 2);
  CHECK(report.rule(report.findings[0]).id ==
        "config-weakened"); // ".keysift.toml" < "a.py"
  CHECK(report.findings[0].line == 4);
  CHECK(report.findings[0].secret == "hunter");
  CHECK(report.rule(report.findings[1]).id == "github-pat"); // re-indexed
}
