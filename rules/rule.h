// The rule model: plain data loaded from TOML (see rules/README.md). No engine types here.
// Immutable after loading; safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace keysift::rules {

enum class AllowTarget { secret, match, line };

struct Allowlist {
  AllowTarget target = AllowTarget::secret;
  std::vector<std::string> regexes;   // tested against `target`
  std::vector<std::string> stopwords; // lower-case; tested against the secret
  std::vector<std::string> paths;     // regexes tested against the input path

  bool operator==(const Allowlist&) const = default;
};

struct Rule {
  std::string id;
  std::string description;
  std::string regex;
  std::string secret_group;          // name or decimal number; empty: default (see README)
  std::vector<std::string> keywords; // lower-case
  double min_entropy = 0.0;
  std::string validate; // name of a format check (scanner/validators.h); empty: none
  // What the secret must be: "literal" (a quoted string or a bare value where the
  // file's language writes literals bare; lang/literal.h) or empty (anything).
  std::string value;
  // A cheaper pattern that Hyperscan runs instead of `regex`; it must match wherever
  // `regex` does (a superset), and RE2 confirms with `regex`. Empty: Hyperscan runs
  // `regex` itself.
  std::string prefilter;
  std::vector<std::string> paths;
  std::vector<Allowlist> allowlists;
  std::vector<std::string> tags;
  std::string severity = "medium";
  // What a leaked credential gives access to and how to revoke and rotate it (SARIF rule
  // help, GitLab solution). A rule file's top-level `help` applies to its rules without
  // one.
  std::string help;
  std::vector<std::string> examples;
  std::vector<std::string> negative_examples;
  // The file name examples are scanned under (`rules check`, the tests): "example.txt"
  // when empty. Rules scoped by `paths` or judged by the file's language need one.
  std::string example_path;
  std::string origin; // "file:line" where the rule was defined, for messages

  bool is_generic() const;
  bool operator==(const Rule&) const = default;
};

struct RuleSet {
  std::vector<Rule> rules;
  Allowlist global; // the [allowlist] table(s) of every loaded file, merged
  // [gate] exempt_contexts: findings in these contexts ("test", "docs", "example") are
  // reported but do not make the run fail. Merged from every loaded file.
  std::vector<std::string> exempt_contexts;

  bool operator==(const RuleSet&) const = default;
};

} // namespace keysift::rules
