// Random text that a regular expression matches, for `keysift rules example`: the rule
// dialect (the part of RE2's syntax that Hyperscan also accepts: literals, escapes,
// classes, groups, alternation, bounded and unbounded repetition, (?i), anchors and \b)
// is parsed into a small tree and walked with a seeded generator, recording where each
// capture group's text lies. Zero-width assertions (^, $, \b, \B) are not enforced: the
// caller confirms a sample with the real engine and draws again. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "rules/status.h"

namespace keysift::cli {

struct RegexSample {
  std::string text;
  // Group number -> [begin, end) in text, for the groups the walk went through; the
  // named groups are also under their names.
  std::map<int, std::pair<std::size_t, std::size_t>> groups;
  std::map<std::string, std::pair<std::size_t, std::size_t>> named;
};

// A sample of `pattern`, or an error for syntax outside the dialect.
Result<RegexSample> sample_regex(std::string_view pattern, std::mt19937_64& random);

} // namespace keysift::cli
