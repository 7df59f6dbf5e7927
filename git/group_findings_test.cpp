#include "git/group_findings.h"

#include <doctest/doctest.h>

using namespace keysift;

namespace {

scanner::Finding finding(std::string path, std::string secret, std::string commit,
                         std::uint64_t line) {
  scanner::Finding f;
  f.rule_id = "github-pat";
  f.secret = std::move(secret);
  f.provenance = {std::move(path), {{"commit", std::move(commit)}}};
  f.line = line;
  return f;
}

std::uint64_t rank(const scanner::Provenance& p) {
  return std::stoull(p.attrs.at(0).second);
}

} // namespace

TEST_CASE("later versions of a file join the finding of the commit that added it") {
  std::vector<scanner::Finding> findings = {
      finding("a.txt", "S1", "5", 12), finding("a.txt", "S1", "2", 10),
      finding("a.txt", "S1", "9", 14), finding("b.txt", "S1", "3", 1),
      finding("a.txt", "S2", "4", 20)};
  findings[2].locations.push_back({"c.txt", {{"commit", "9"}}});
  git::group_findings(findings, rank);
  REQUIRE(findings.size() == 3);
  const auto& s1 = findings[0];
  CHECK(s1.provenance.path == "a.txt");
  CHECK(s1.secret == "S1");
  CHECK(s1.provenance.attrs.at(0).second == "2");
  CHECK(s1.line == 10);
  REQUIRE(s1.locations.size() == 3);
  CHECK(s1.locations[0].attrs.at(0).second == "5");
  CHECK(s1.locations[0].attrs.at(1) == std::pair<std::string, std::string>("line", "12"));
  CHECK(s1.locations[1].attrs.at(0).second == "9");
  CHECK(s1.locations[2].path == "c.txt");
  CHECK(findings[1].secret == "S2");
  CHECK(findings[2].provenance.path == "b.txt");
  CHECK(findings[2].locations.empty());
}
