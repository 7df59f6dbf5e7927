#include "policy/suppressor.h"

#include <doctest/doctest.h>

using namespace keysift;
using namespace keysift::policy;

namespace {

// A report context with the rules the tests name (in id order) and one commit.
scanner::ScanReport context() {
  auto set = std::make_shared<rules::RuleSet>();
  for (const char* id : {"aws-access-key-id", "github-pat", "jwt", "private-key-rsa"}) {
    rules::Rule r;
    r.id = id;
    set->rules.push_back(r);
  }
  scanner::ScanReport report;
  report.rules = set;
  report.catalog.commits.push_back(
      {"abcdef1234567890abcdef1234567890abcdef12", "", "", "", ""});
  report.catalog.commits.push_back(
      {"0bcdef1234567890abcdef1234567890abcdef12", "", "", "", ""});
  return report;
}

const scanner::ScanReport ctx = context();

std::uint32_t rule_index(const std::string& id) {
  for (std::uint32_t i = 0; i < ctx.rules->rules.size(); ++i)
    if (ctx.rules->rules[i].id == id) return i;
  FAIL("no rule " << id);
  return 0;
}

scanner::Finding finding(const std::string& rule, const std::string& secret,
                         const std::string& path, std::uint64_t line,
                         const std::string& line_text = "",
                         std::uint32_t commit = scanner::no_index) {
  scanner::Finding f;
  f.rule = rule_index(rule);
  f.secret = secret;
  f.match = "key = " + secret;
  f.line_text = line_text.empty() ? f.match : line_text;
  f.origin = commit == scanner::no_index
                 ? scanner::make_origin(scanner::FileOrigin{path})
                 : scanner::make_origin(scanner::GitBlobOrigin{commit, path, 0});
  f.line = line;
  f.fingerprint = scanner::content_fingerprint(rule, secret);
  return f;
}

Baseline baseline(std::vector<BaselineEntry> entries) {
  Baseline b;
  b.origin = "kb";
  std::size_t line = 1;
  for (auto& e : entries) e.line = ++line;
  b.entries = std::move(entries);
  return b;
}

} // namespace

TEST_CASE("allow comments: the secret's line; for a multi-line match, the line before") {
  Suppressor s(SuppressionInputs{});
  auto f =
      finding("github-pat", "ghp_x", "a.py", 3, "t = 'ghp_x'  # keysift:allow -- fixture");
  CHECK(s.allow(f, ctx));
  CHECK(f.allowed.kind == "comment");
  CHECK(f.allowed.by == "keysift:allow");
  CHECK(f.allowed.reason == "fixture");
  auto other =
      finding("aws-access-key-id", "AKIA", "a.py", 3, "x = 'AKIA' # keysift:allow jwt");
  CHECK_FALSE(s.allow(other, ctx));
  CHECK(other.allowed.kind.empty());
  auto pem = finding("private-key-rsa", "MIIB", "k.py", 2, "MIIB...");
  CHECK_FALSE(s.allow(pem, ctx));
  pem.lead_lines = "# keysift:allow private-key-rsa -- test key\nKEY = '''-----BEGIN RSA";
  CHECK(s.allow(pem, ctx));
  CHECK(pem.allowed.by == "keysift:allow private-key-rsa");
  auto gl = finding("jwt", "eyJ", "a.js", 1, "const t = 'eyJ' // gitleaks:allow");
  CHECK(s.allow(gl, ctx));
  CHECK(gl.allowed.by == "gitleaks:allow");
}

TEST_CASE("allowlists: any and all conditions, scopes, targets, globs, commits") {
  PolicyAllowlist globs;
  globs.where = "k.toml:1:1";
  globs.description = "fixtures";
  globs.globs = {{"tests/fixtures/**", ""}};
  PolicyAllowlist scoped;
  scoped.where = "k.toml:5:1";
  scoped.stopwords = {{"example", ""}};
  scoped.rule_ids = {{"jwt", ""}};
  PolicyAllowlist both;
  both.where = "k.toml:9:1";
  both.require_all = true;
  both.paths = {{"^docs/", ""}};
  both.regexes = {{"^#", ""}};
  both.target = rules::AllowTarget::line;
  PolicyAllowlist commit;
  commit.where = "k.toml:14:1";
  commit.commits = {{"abcdef1", ""}};
  SuppressionInputs in;
  in.allowlists = {globs, scoped, both, commit};
  in.root = "/repo";
  Suppressor s(in);

  auto f = finding("github-pat", "ghp_1", "/repo/tests/fixtures/a/b.txt", 1);
  CHECK(s.allow(f, ctx));
  CHECK(f.allowed.by == "k.toml:1:1");
  CHECK(f.allowed.reason == "fixtures");
  CHECK(s.skip_path("/repo/tests/fixtures/x"));
  CHECK_FALSE(s.skip_path("/repo/src/x"));
  auto outside = finding("github-pat", "ghp_1", "/repo/src/t.txt", 1);
  CHECK_FALSE(s.allow(outside, ctx));

  auto example = finding("jwt", "eyJexample", "/repo/src/a", 1);
  CHECK(s.allow(example, ctx)); // stopword, scoped to jwt
  auto not_scoped = finding("github-pat", "ghp_example", "/repo/src/a", 1);
  CHECK_FALSE(s.allow(not_scoped, ctx));

  auto doc_comment = finding("github-pat", "ghp_2", "/repo/docs/x.md", 1, "# ghp_2");
  CHECK(s.allow(doc_comment, ctx)); // path AND line regex
  auto doc_code = finding("github-pat", "ghp_2", "/repo/docs/x.md", 1, "t = ghp_2");
  CHECK_FALSE(s.allow(doc_code, ctx)); // path alone is not enough with condition all
  CHECK_FALSE(s.skip_path("/repo/docs/x.md"));

  auto in_commit = finding("github-pat", "ghp_3", "src/y", 1, "", 0);
  CHECK(s.allow(in_commit, ctx));
  auto other_commit = finding("github-pat", "ghp_3", "src/y", 1, "", 1);
  CHECK_FALSE(s.allow(other_commit, ctx));
}

TEST_CASE("baselines: content-keyed, path-scoped, expiring; unused entries are reported") {
  const auto fp = scanner::content_fingerprint("github-pat", "ghp_old");
  const auto fp2 = scanner::content_fingerprint("github-pat", "ghp_scoped");
  const auto fp3 = scanner::content_fingerprint("github-pat", "ghp_expired");
  const auto fp4 = scanner::content_fingerprint("github-pat", "ghp_gone");
  SuppressionInputs in;
  in.baselines = {baseline({{fp, "", "", "alice", "legacy", 0},
                            {fp2, "tests/**", "", "", "", 0},
                            {fp3, "", "2020-01-01", "", "", 0},
                            {fp4, "", "", "", "", 0}})};
  in.today = "2025-06-01";
  Suppressor s(in);
  scanner::ScanReport report = context();
  report.findings = {finding("github-pat", "ghp_old", "moved/renamed.py", 40),
                     finding("github-pat", "ghp_new", "moved/renamed.py", 41),
                     finding("github-pat", "ghp_scoped", "tests/a.py", 1),
                     finding("github-pat", "ghp_scoped", "src/a.py", 1),
                     finding("github-pat", "ghp_expired", "a.py", 1)};
  s.apply(report, true);
  REQUIRE(report.allowed.size() == 2);
  CHECK(report.allowed[0].allowed.kind == "baseline");
  CHECK(report.allowed[0].allowed.by == "kb:2");
  CHECK(report.allowed[0].allowed.reason == "legacy (approved by alice)");
  CHECK(report.stats.allowed.at("baseline") == 2);
  REQUIRE(report.findings.size() == 3); // a new secret, the out-of-scope copy, the expired
  CHECK(report.findings[0].secret == "ghp_new");
  CHECK(report.findings[1].path() == "src/a.py");
  CHECK(report.findings[2].secret == "ghp_expired");
  CHECK(s.has_expired_entry(fp3));
  CHECK_FALSE(s.has_expired_entry(fp));
  std::vector<std::string> notes;
  for (const auto& n : report.notes)
    notes.push_back(n.kind + " " + n.where + " " + n.detail);
  CHECK(notes == std::vector<std::string>{"expired kb:4 2020-01-01", "unused kb:4 ",
                                          "unused kb:5 "});
  CHECK(s.baseline_entry_used(0, 0));
  CHECK_FALSE(s.baseline_entry_used(0, 3));
}

TEST_CASE("ignore files: .keysiftignore fingerprints, .gitleaksignore positions") {
  SuppressionInputs in;
  Baseline ignore;
  ignore.origin = ".keysiftignore";
  ignore.entries = {{scanner::content_fingerprint("jwt", "eyJ1"), "", "", "", "", 3}};
  in.ignore_files = {ignore};
  in.gitleaks_ignores = {parse_gitleaks_ignore("src/a.py:aws-access-token:7\n"
                                               "abcdef1234:src/b.py:github-pat:2\n"
                                               "src/c.py:pkcs12-file:1\n",
                                               ".gitleaksignore")};
  Suppressor s(in);
  auto j = finding("jwt", "eyJ1", "anywhere.js", 99);
  CHECK(s.allow(j, ctx));
  CHECK(j.allowed.by == ".keysiftignore:3");
  auto aws = finding("aws-access-key-id", "AKIA1", "src/a.py", 7);
  CHECK(s.allow(aws, ctx));
  CHECK(aws.allowed.kind == "gitleaksignore");
  CHECK(aws.allowed.by == ".gitleaksignore:1");
  auto moved = finding("aws-access-key-id", "AKIA1", "src/a.py", 8);
  CHECK_FALSE(s.allow(moved, ctx)); // positional, as in gitleaks
  auto no_commit = finding("github-pat", "ghp_9", "src/b.py", 2);
  CHECK_FALSE(s.allow(no_commit, ctx)); // no commit: the commit form does not apply
  auto other_commit = finding("github-pat", "ghp_9", "src/b.py", 2, "", 1);
  CHECK_FALSE(s.allow(other_commit, ctx));
  auto in_commit = finding("github-pat", "ghp_9", "src/b.py", 2, "", 0);
  CHECK(s.allow(in_commit, ctx));
  scanner::ScanReport report = context();
  s.apply(report, true);
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].where == ".gitleaksignore:3");
  CHECK(unmappable_entries(in.gitleaks_ignores[0]).size() == 1);
}
