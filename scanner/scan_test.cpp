#include "scanner/scan.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "rules/loader.h"
#include "scanner/db_cache.h"
#include "scanner/test_rules.h"

using namespace keysift;
using namespace keysift::scanner;

namespace {

const char* const test_rules = R"(
[allowlist]
stopwords = ["notreal"]

[[rules]]
id = "demo-token"
description = "Demo token"
regex = '''\b(?P<secret>dmo_[A-Za-z0-9]{20})\b'''
min_entropy = 3.0
examples = ["dmo_a1B2c3D4e5F6g7H8i9J0"]

[[rules]]
id = "generic-secret"
description = "Generic secret assignment"
regex = '''(?i)secret\s*=\s*['"]?(?P<secret>[A-Za-z0-9_]{8,64})'''
tags = ["generic"]
examples = ["secret = 'q8Zr2LmX0pTb'"]

[[rules.allowlists]]
regexes = ['''^x+$''']

[[rules]]
id = "demo-block"
description = "A multi-line block"
regex = '''-----BEGIN DEMO-----\n(?P<secret>[A-Za-z0-9+/=\n]{10,1000})-----END DEMO-----'''
examples = ["-----BEGIN DEMO-----\nAAAAbbbbCCCCdddd\n-----END DEMO-----"]

[[rules]]
id = "unbounded"
description = "An unbounded rule"
regex = '''zz-(?P<secret>[a-z]+-[0-9]+)'''
examples = ["zz-abc-123"]
)";

std::shared_ptr<const CompiledRules> compile_test_rules() {
  return testing::compile_rules_text(test_rules);
}

std::vector<Finding> block(std::string_view text) {
  auto rules = compile_test_rules();
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  std::vector<Finding> out;
  REQUIRE(
      scan_block(matcher, confirmer, text, make_origin(FileOrigin{"t.txt"}), out).is_ok());
  return out;
}

// Feeds `text` as slices cut at `cuts` (increasing offsets).
std::vector<Finding> stream(Matcher& matcher, const Confirmer& confirmer,
                            std::string_view text, const std::vector<std::size_t>& cuts) {
  StreamScan scan(matcher, confirmer, make_origin(FileOrigin{"t.txt"}));
  REQUIRE(scan.open().is_ok());
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    REQUIRE(scan.feed(text.substr(at, cut - at)).is_ok());
    at = cut;
  }
  REQUIRE(scan.feed(text.substr(at)).is_ok());
  std::vector<Finding> out;
  REQUIRE(scan.finish(out).is_ok());
  return out;
}

// The id of a finding's rule (every test here uses the rules of test_rules).
std::string rule_id(const Finding& f) {
  static const auto rules = compile_test_rules();
  return rules->rules()[f.rule].rule.id;
}

std::string describe(const std::vector<Finding>& fs) {
  std::string s;
  for (const auto& f : fs)
    s += rule_id(f) + "@" + std::to_string(f.line) + ":" + std::to_string(f.column) + "-" +
         std::to_string(f.end_line) + ":" + std::to_string(f.end_column) + "=" + f.secret +
         " [" + f.line_text + "]\n";
  return s;
}

const std::string sample =
    "first line\n"
    "token: dmo_a1B2c3D4e5F6g7H8i9J0 here\n"
    "SECRET = \"xxxxxxxxxxxx\"\n"
    "secret='Zq81mLp0TrB3' # keysift:allow\n"
    "password secret = Kd93jfLq02mZ\n"
    "-----BEGIN DEMO-----\nAAAAbbbbCCCCdddd\nEEEE\n-----END DEMO-----\n"
    "weak dmo_aaaaaaaaaaaaaaaaaaaa and zz-abcdef-42 end\n"
    "notreal: secret = notrealvalue1\n"
    "tail without newline dmo_Z9y8X7w6V5u4T3s2R1q0";

} // namespace

TEST_CASE("block scan: locations, secret groups, filters") {
  auto found = block(sample);
  CHECK(describe(found) ==
        "demo-token@2:8-2:31=dmo_a1B2c3D4e5F6g7H8i9J0 [token: dmo_a1B2c3D4e5F6g7H8i9J0 "
        "here]\n"
        // An allow comment is the suppression stage's to decide (policy/suppressor.h): the
        // engine still reports the finding, so that it can be counted and shown.
        "generic-secret@4:9-4:20=Zq81mLp0TrB3 [secret='Zq81mLp0TrB3' # keysift:allow]\n"
        "generic-secret@5:19-5:30=Kd93jfLq02mZ [password secret = Kd93jfLq02mZ]\n"
        "demo-block@7:1-8:5=AAAAbbbbCCCCdddd\nEEEE\n [AAAAbbbbCCCCdddd]\n"
        "unbounded@10:38-10:46=abcdef-42 [weak dmo_aaaaaaaaaaaaaaaaaaaa and zz-abcdef-42 "
        "end]\n"
        "demo-token@12:22-12:45=dmo_Z9y8X7w6V5u4T3s2R1q0 [tail without newline "
        "dmo_Z9y8X7w6V5u4T3s2R1q0]\n");
  REQUIRE(!found.empty());
  CHECK(found[0].fingerprint == content_fingerprint("demo-token", found[0].secret));
  CHECK(found[0].line_text_column == 8);
  CHECK(found[0].entropy > 3.0);
}

TEST_CASE("a match over several lines carries its first line and the line before") {
  auto found = block("x = 1\n# keysift:allow -- a test block\nkey = -----BEGIN DEMO-----\n"
                     "AAAAbbbbCCCCdddd\n-----END DEMO-----\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].lead_lines ==
        "# keysift:allow -- a test block\nkey = -----BEGIN DEMO-----");
  auto first = block("-----BEGIN DEMO-----\nAAAAbbbbCCCCdddd\n-----END DEMO-----\n");
  REQUIRE(first.size() == 1);
  CHECK(first[0].lead_lines == "-----BEGIN DEMO-----");
  auto one_line = block("token: dmo_a1B2c3D4e5F6g7H8i9J0\n");
  REQUIRE(one_line.size() == 1);
  CHECK(one_line[0].lead_lines.empty());
}

TEST_CASE("a fingerprint is keyed to the rule and the secret, not the place") {
  const std::string fp = content_fingerprint("demo-token", "dmo_a1B2c3D4e5F6g7H8i9J0");
  CHECK(fp.rfind("demo-token@", 0) == 0);
  CHECK(fp.size() == std::string("demo-token@").size() + 32);
  CHECK(fp.find("dmo_") == std::string::npos); // never the secret itself
  CHECK(fp != content_fingerprint("demo-token", "dmo_a1B2c3D4e5F6g7H8i9J1"));
  CHECK(fp != content_fingerprint("other-rule", "dmo_a1B2c3D4e5F6g7H8i9J0"));
  // The same secret elsewhere (another path, line, column, indentation) prints the same.
  auto rules = compile_test_rules();
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  std::vector<Finding> a, b;
  REQUIRE(scan_block(matcher, confirmer, "t = dmo_a1B2c3D4e5F6g7H8i9J0\n",
                     make_origin(FileOrigin{"a/one.txt"}), a)
              .is_ok());
  REQUIRE(scan_block(matcher, confirmer, "\n\n  token:\n    dmo_a1B2c3D4e5F6g7H8i9J0\n",
                     make_origin(FileOrigin{"b/renamed.yaml"}), b)
              .is_ok());
  REQUIRE((a.size() == 1 && b.size() == 1));
  CHECK(a[0].line != b[0].line);
  CHECK(a[0].fingerprint == fp);
  CHECK(b[0].fingerprint == fp);
}

TEST_CASE("a specific rule wins over a generic one on the same secret") {
  auto found = block("secret = dmo_a1B2c3D4e5F6g7H8i9J0\n");
  REQUIRE(found.size() == 1);
  CHECK(rule_id(found[0]) == "demo-token");
}

TEST_CASE("matches of one rule do not overlap, and every one is found") {
  auto found = block("dmo_a1B2c3D4e5F6g7H8i9J0 dmo_b1B2c3D4e5F6g7H8i9J0 "
                     "dmo_c1B2c3D4e5F6g7H8i9J0");
  CHECK(found.size() == 3);
}

TEST_CASE("streaming at every split point gives the block's findings") {
  auto rules = compile_test_rules();
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  const std::string expected = describe(block(sample));
  for (std::size_t cut = 0; cut <= sample.size(); ++cut) {
    CAPTURE(cut);
    CHECK(describe(stream(matcher, confirmer, sample, {cut})) == expected);
  }
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < sample.size(); ++i) every.push_back(i);
  CHECK(describe(stream(matcher, confirmer, sample, every)) == expected);
}

TEST_CASE("a stream much longer than the look-back keeps line numbers") {
  auto rules = compile_test_rules();
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += "filler line of log output number " + std::to_string(i) + "\n";
  big += "late dmo_a1B2c3D4e5F6g7H8i9J0\n";
  std::vector<std::size_t> cuts;
  for (std::size_t at = 4096; at < big.size(); at += 4096) cuts.push_back(at);
  auto found = stream(matcher, confirmer, big, cuts);
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == 20001);
  CHECK(found[0].column == 6);
  CHECK(describe(found) == describe(block(big)));
}

TEST_CASE("rules that cannot compile are rejected with the rule named") {
  auto set = rules::parse_rules(
      "[[rules]]\nid='bad'\ndescription='d'\nregex='(a'\nexamples=['a']\n", "bad.toml");
  REQUIRE(set.is_ok());
  auto compiled = CompiledRules::compile(std::move(set).value(), {testing::cache_dir()});
  REQUIRE_FALSE(compiled.is_ok());
  CHECK(compiled.error().rfind("bad.toml:1: rule 'bad': invalid regex", 0) == 0);

  auto empty = rules::parse_rules(
      "[[rules]]\nid='e'\ndescription='d'\nregex='a*'\nexamples=['a']\n", "e.toml");
  REQUIRE(empty.is_ok());
  auto compiled_empty =
      CompiledRules::compile(std::move(empty).value(), {testing::cache_dir()});
  REQUIRE_FALSE(compiled_empty.is_ok());
  CHECK(compiled_empty.error().find("empty string") != std::string::npos);
}

TEST_CASE("a secret_group number too large for an int is an error (it was atoi's UB)") {
  for (const std::string group : {"2", "4294967297", "99999999999999999999"}) {
    CAPTURE(group);
    auto set = rules::parse_rules("[[rules]]\nid='g'\ndescription='d'\nregex='a(b)c'\n"
                                  "examples=['abc']\nsecret_group='" +
                                      group + "'\n",
                                  "g.toml");
    REQUIRE(set.is_ok());
    auto compiled = CompiledRules::compile(std::move(set).value(), {testing::cache_dir()});
    REQUIRE_FALSE(compiled.is_ok());
    CHECK(compiled.error().find("but the regex has 1 groups") != std::string::npos);
  }
}

TEST_CASE("a bad allowlist or path regex is an error, even after a cached good run") {
  // The disk cache (KEYSIFT_CACHE_DIR in tests) vouches only for the exact regexes it
  // saw compile; every allowlist and path regex is part of its key.
  const std::string rule = "[[rules]]\nid='r'\ndescription='d'\nregex='tok_[a-z]{8}'\n"
                           "examples=['tok_abcdefgh']\n";
  for (int run = 0; run < 2; ++run) {
    auto good = rules::parse_rules(
        rule + "paths=['ok']\n[[rules.allowlists]]\nregexes=['x']\n", "good.toml");
    REQUIRE(good.is_ok());
    CHECK(CompiledRules::compile(std::move(good).value(), {testing::cache_dir()}).is_ok());
  }
  auto bad_allow =
      rules::parse_rules(rule + "[[rules.allowlists]]\nregexes=['(x']\n", "allow.toml");
  auto bad_path = rules::parse_rules(rule + "paths=['[z']\n", "path.toml");
  auto bad_global = rules::parse_rules("[allowlist]\npaths=['(g']\n" + rule, "global.toml");
  REQUIRE((bad_allow.is_ok() && bad_path.is_ok() && bad_global.is_ok()));
  auto a = CompiledRules::compile(std::move(bad_allow).value(), {testing::cache_dir()});
  REQUIRE_FALSE(a.is_ok());
  CHECK(a.error().rfind("allow.toml:1: rule 'r': invalid regex: a missing ) at character 1",
                        0) == 0);
  auto p = CompiledRules::compile(std::move(bad_path).value(), {testing::cache_dir()});
  REQUIRE_FALSE(p.is_ok());
  CHECK(p.error().find("invalid regex: a missing ] at character 1") != std::string::npos);
  auto g = CompiledRules::compile(std::move(bad_global).value(), {testing::cache_dir()});
  REQUIRE_FALSE(g.is_ok());
  CHECK(g.error().rfind("global allowlist: invalid regex: a missing )", 0) == 0);
}

TEST_CASE("an invalid regex is never quoted in the error: it may hold a secret") {
  const std::string token = "tok_" + std::string("q7Zr2mXw9LpK4vNb");
  const std::string rule = "[[rules]]\nid='r'\ndescription='d'\nregex='tok_[a-z]{8}'\n"
                           "examples=['tok_abcdefgh']\n";
  for (const std::string& bad : {"(" + token, token + ")", token + "[", token + "\\"}) {
    CAPTURE(bad);
    auto set = rules::parse_rules(
        rule + "[[rules.allowlists]]\nregexes=['''" + bad + "''']\n", "allow.toml");
    REQUIRE(set.is_ok());
    auto compiled = CompiledRules::compile(std::move(set).value(), {testing::cache_dir()});
    REQUIRE_FALSE(compiled.is_ok());
    CHECK(compiled.error().find("invalid regex") != std::string::npos);
    CHECK(compiled.error().find("q7Zr2m") == std::string::npos);
  }
}

TEST_CASE("the cached rule analysis gives the same windows, and a corrupt one is ignored") {
  const std::string dir = testing::cache_dir();
  REQUIRE_MESSAGE(!dir.empty(), "the unit tests run with a cache directory");
  auto first = compile_test_rules(); // computes and stores the analysis
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind("analysis-", 0) == 0)
      std::ofstream(e.path()) << "not an analysis\n";
  auto second = compile_test_rules(); // must fall back to asking Hyperscan
  auto third = compile_test_rules();  // and may use the entry written again
  for (std::size_t i = 0; i < first->rules().size(); ++i) {
    CHECK(first->rules()[i].window == second->rules()[i].window);
    CHECK(first->rules()[i].window == third->rules()[i].window);
    CHECK(first->rules()[i].prefilter == third->rules()[i].prefilter);
  }
  CHECK(first->max_window() == third->max_window());
  CHECK(first->rules()[3].window == unbounded_window); // the "unbounded" rule
}

TEST_CASE("a regex compiled on first use that fails is reported, not silently skipped") {
  LazyRegex bad("(x");
  CHECK(bad.failure()); // not compiled yet
  CHECK_FALSE(bad.partial_match("x"));
  CHECK_FALSE(bad.failure());
  CHECK(bad.failure().message().find("invalid regex: a missing )") != std::string::npos);
  LazyRegex good("x+");
  CHECK(good.partial_match("axx"));
  CHECK(good.failure());
}

TEST_CASE("Hyperscan reads \\s as RE2 does: a vertical tab is not a space to either") {
  // RE2's [^\s] takes a vertical tab; PCRE's, left as written, does not, and Hyperscan
  // would then miss the match RE2 confirms (scanner/hs_dialect.h).
  auto rules = testing::compile_rules_text(R"(
[[rules]]
id = "no-space"
description = "a run without RE2 spaces"
regex = '''nsp=(?P<secret>[^\s"']{10,20})'''
examples = ["nsp=abcdefghijkl"]
)");
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  std::vector<Finding> out;
  REQUIRE(scan_block(matcher, confirmer, "x\nnsp=ab\vcdefghijk\n",
                     make_origin(FileOrigin{"t.txt"}), out)
              .is_ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].secret == "ab\vcdefghijk");
}

TEST_CASE("a rule's paths and its allowlists' paths rule findings out, in every mode") {
  auto rules = testing::compile_rules_text(R"(
[[rules]]
id = "scoped"
description = "A token only reported in .scoped files"
regex = '''\b(?P<secret>scp_[A-Za-z0-9]{12})\b'''
paths = ['''(^|/)\.scoped$''']
examples = ["scp_a1B2c3D4e5F6"]
example_path = ".scoped"

[[rules.allowlists]]
paths = ['''(^|/)vendor/''']
)");
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  const std::string text = "x scp_a1B2c3D4e5F6 y\nscp_Q9w8E7r6T5y4\n";
  auto block_at = [&](const std::string& path) {
    std::vector<Finding> out;
    REQUIRE(
        scan_block(matcher, confirmer, text, make_origin(FileOrigin{path}), out).is_ok());
    return out.size();
  };
  CHECK(block_at("home/.scoped") == 2);
  CHECK(block_at("home/other.txt") == 0);
  CHECK(block_at("vendor/.scoped") == 0);

  auto stream_at = [&](const std::string& path) {
    StreamScan scan(matcher, confirmer, make_origin(FileOrigin{path}));
    REQUIRE(scan.open().is_ok());
    REQUIRE(scan.feed(std::string_view(text).substr(0, 9)).is_ok());
    REQUIRE(scan.feed(std::string_view(text).substr(9)).is_ok());
    std::vector<Finding> out;
    REQUIRE(scan.finish(out).is_ok());
    return out.size();
  };
  CHECK(stream_at("home/.scoped") == 2);
  CHECK(stream_at("home/other.txt") == 0);

  // Bytes scanned before their path is known keep every finding; the path decides later.
  const Confirmer deferred = confirmer.deferring_path();
  auto deferred_at = [&](const std::string& path) {
    std::vector<Finding> raw, out;
    REQUIRE(scan_block(matcher, deferred, text, nullptr, raw).is_ok());
    CHECK(raw.size() == 2);
    deferred.finish_deferred(raw, make_origin(FileOrigin{path}), out);
    return out.size();
  };
  CHECK(deferred_at("home/.scoped") == 2);
  CHECK(deferred_at("home/other.txt") == 0);
  CHECK(deferred_at("vendor/.scoped") == 0);
}

namespace {

// A literal-valued rule, once as it is (its hits end where its matches end, so the
// Confirmer rules out a hit in plain code before RE2) and once behind a prefilter (every
// hit goes to RE2): the findings must be the same.
std::string literal_rule(bool prefiltered) {
  std::string toml = R"(
[[rules]]
id = "literal-assign"
description = "A literal token assignment"
regex = '''(?i)token[ \t]{0,3}=[ \t]{0,3}["']?(?P<secret>[A-Za-z0-9_]{12,40})(?:["';,\s]|$)'''
value = "literal"
tags = ["generic"]
examples = ["token = 'q8Zr2LmX0pTbQ'"]
)";
  if (prefiltered) toml += "prefilter = '''(?i)token'''\n";
  return toml;
}

std::string scan_as(const std::shared_ptr<const CompiledRules>& rules,
                    std::string_view text, const std::string& path) {
  Matcher matcher(rules);
  Confirmer confirmer(rules);
  std::vector<Finding> out;
  REQUIRE(scan_block(matcher, confirmer, text, make_origin(FileOrigin{path}), out).is_ok());
  std::string s;
  for (const auto& f : out)
    s += std::to_string(f.line) + ":" + std::to_string(f.column) + "=" + f.secret + "\n";
  return s;
}

} // namespace

TEST_CASE("a hit whose value sits in plain code is ruled out before RE2, as RE2 would") {
  const auto quick = testing::compile_rules_text(literal_rule(false));
  const auto slow = testing::compile_rules_text(literal_rule(true));
  REQUIRE(quick->rules()[0].value_tail == std::size_t{1});
  REQUIRE_FALSE(slow->rules()[0].value_tail);
  const std::string padding(300, 'x');
  const std::string text = "token = tkA9x2Lq7mZ4wP8vR3nB;\n"             // code: no finding
                           "// token = tkB9x2Lq7mZ4wP8vR3nC\n"           // a comment
                           "token = \"tkC9x2Lq7mZ4wP8vR3nD\";\n"         // a string
                           " * token = tkD9x2Lq7mZ4wP8vR3nE\n"           // a block comment
                           "#define T 1\ntoken = tkE9x2Lq7mZ4wP8vR3nF\n" // code
                           "# token = tkF9x2Lq7mZ4wP8vR3nG\n"            // a # comment
                           "s = \"a\\n// \"; token = tkG9x2Lq7mZ4wP8vR3nH;\n" +
                           padding + " token = tkH9x2Lq7mZ4wP8vR3nI;\n" +
                           "x = '1'; token = tkI9x2Lq7mZ4wP8vR3nJ,\n"
                           "y = a\\n// token = tkK9x2Lq7mZ4wP8vR3nL;\n"
                           "token=tkJ9x2Lq7mZ4wP8vR3nK";
  for (const char* path : {"a.c", "a.js", "a.php", "a.env", "a.sh", "README.md", "noext"}) {
    CAPTURE(path);
    CHECK(scan_as(quick, text, path) == scan_as(slow, text, path));
  }
  // In code, only the values in comments and strings are literals (line 8: after an
  // escaped newline, as in a source map, the comment test starts anew).
  CHECK(scan_as(quick, text, "a.c") == "2:12=tkB9x2Lq7mZ4wP8vR3nC\n"
                                       "3:10=tkC9x2Lq7mZ4wP8vR3nD\n"
                                       "4:12=tkD9x2Lq7mZ4wP8vR3nE\n"
                                       "7:11=tkF9x2Lq7mZ4wP8vR3nG\n"
                                       "8:23=tkG9x2Lq7mZ4wP8vR3nH\n"
                                       "11:19=tkK9x2Lq7mZ4wP8vR3nL\n");
}
