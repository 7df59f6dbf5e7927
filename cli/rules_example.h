// `keysift rules example RULE-ID`: a freshly generated value that the rule reports, so
// that a hook or a CI gate can be tested without a real secret. The value is drawn from
// the rule's regex (cli/regex_sample.h), completed so that the rule's format check passes
// (a valid checksum for base62-crc32 tokens, a well-formed JWT, a PyPI macaroon header),
// and confirmed by the whole engine (keywords, entropy, allowlists, the format check)
// before it is printed. Also: look-alikes, values a checked rule would report but for
// its format check, for the pre-commit hook's hint.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::cli {

struct ExampleOptions {
  std::string rule;
  std::string config;
  std::string format = "text"; // text: the value; json: {"rule", "value", "path"}
  std::uint64_t seed = 0;
  bool seeded = false; // false: a random seed
};

int run_rules_example(const ExampleOptions& options);

// One candidate value for `rule`: the text its regex matched, with the secret completed
// for the rule's format check. Exposed for tests.
Result<std::string> example_candidate(const rules::Rule& rule, std::mt19937_64& random);

} // namespace keysift::cli
