#include "policy/gitleaks_ignore.h"

#include <doctest/doctest.h>

#include <set>

#include "policy/gitleaks_rules.h"
#include "rules/builtin.h"

using namespace keysift::policy;

TEST_CASE(".gitleaksignore: both forms, comments, and a warning per bad line") {
  const std::string text =
      "# accepted\n"
      "config/app.env:generic-api-key:12\n"
      "0123456789abcdef0123456789abcdef01234567:src\\win.py:github-pat:3\n"
      "\n"
      "garbage\n"
      "a:b:c:d:e\n"
      "file.py:rule:notanumber\n";
  auto g = parse_gitleaks_ignore(text, ".gitleaksignore");
  REQUIRE(g.entries.size() == 2);
  CHECK(g.entries[0].commit.empty());
  CHECK(g.entries[0].file == "config/app.env");
  CHECK(g.entries[0].rule == "generic-api-key");
  CHECK(g.entries[0].line == 12);
  CHECK(g.entries[0].at == 2);
  CHECK(g.entries[1].commit == "0123456789abcdef0123456789abcdef01234567");
  CHECK(g.entries[1].file == "src/win.py");
  REQUIRE(g.warnings.size() == 3);
  CHECK(g.warnings[0].rfind(".gitleaksignore:5: not a gitleaks fingerprint", 0) == 0);
}

TEST_CASE("gitleaks rule ids map to keysift's where keysift has an equivalent") {
  CHECK(map_gitleaks_rule("github-pat").keysift_ids ==
        std::vector<std::string>{"github-pat"});
  CHECK(map_gitleaks_rule("aws-access-token").keysift_ids ==
        std::vector<std::string>{"aws-access-key-id"});
  const auto& none = map_gitleaks_rule("pkcs12-file");
  CHECK(none.known);
  CHECK(none.keysift_ids.empty());
  CHECK_FALSE(map_gitleaks_rule("my-own-rule").known);
}

TEST_CASE("every keysift rule the gitleaks table names is a built-in rule") {
  auto pack = keysift::rules::load_builtin();
  REQUIRE(pack.is_ok());
  std::set<std::string> ids;
  for (const auto& r : pack->rules) ids.insert(r.id);
  const std::string_view tsv = gitleaks_rules_tsv();
  std::size_t mapped = 0;
  for (std::size_t pos = 0; pos < tsv.size();) {
    const std::size_t nl = tsv.find('\n', pos);
    const std::string_view line = tsv.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line[0] == '#') continue;
    const std::string gid(line.substr(0, line.find('\t')));
    for (const auto& id : map_gitleaks_rule(gid).keysift_ids) {
      CHECK_MESSAGE(ids.count(id), gid << " -> " << id);
      ++mapped;
    }
  }
  CHECK(mapped > 150);
}
