#include "git/group_findings.h"

#include <doctest/doctest.h>

using namespace keysift;

namespace {

// A finding of rule 0 at `path` in commit number `commit` (walk order).
scanner::Finding finding(std::string path, std::string secret, std::uint32_t commit,
                         std::uint64_t line) {
  scanner::Finding f;
  f.secret = std::move(secret);
  f.origin = scanner::make_origin(scanner::GitBlobOrigin{commit, std::move(path)});
  f.line = line;
  return f;
}

const scanner::GitBlobOrigin& blob(const scanner::Location& where) {
  return std::get<scanner::GitBlobOrigin>(where);
}

} // namespace

TEST_CASE("later versions of a file join the finding of the commit that added it") {
  std::vector<scanner::Finding> findings = {
      finding("a.txt", "S1", 5, 12), finding("a.txt", "S1", 2, 10),
      finding("a.txt", "S1", 9, 14), finding("b.txt", "S1", 3, 1),
      finding("a.txt", "S2", 4, 20)};
  findings[2].origin =
      scanner::make_origin(findings[2].origin->where, {scanner::GitBlobOrigin{9, "c.txt"}});
  git::group_findings(findings);
  REQUIRE(findings.size() == 3);
  const auto& s1 = findings[0];
  CHECK(s1.path() == "a.txt");
  CHECK(s1.secret == "S1");
  CHECK(blob(s1.origin->where).commit == 2);
  CHECK(s1.line == 10);
  const auto& also = s1.origin->also;
  REQUIRE(also.size() == 3);
  CHECK(blob(also[0]).commit == 5);
  CHECK(blob(also[0]).line == 12);
  CHECK(blob(also[1]).commit == 9);
  CHECK(blob(also[2]).path == "c.txt");
  CHECK(blob(also[2]).line == 0);
  CHECK(findings[1].secret == "S2");
  CHECK(findings[2].path() == "b.txt");
  CHECK(findings[2].origin->also.empty());
}
