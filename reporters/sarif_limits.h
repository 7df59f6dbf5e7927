// GitHub's limits on an uploaded SARIF run (internal to reporters/): at most 25,000
// results (GitHub shows the first 5,000 by severity) and 10 MB once gzipped. The SARIF
// reporter keeps a run inside them by dropping the least severe results first, and says
// what it dropped. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace keysift::reporters {

struct SarifLimits {
  std::size_t max_results = 25'000;
  std::size_t max_gzip_bytes = 10'000'000;
};

// The size of `text` compressed as gzip does by default (deflate level 6, gzip header).
std::size_t gzip_size(std::string_view text);

// Which results to keep, given each result's severity rank (0 most severe): the most
// severe first, ties in order, at most limits.max_results, and then as many as keep
// `render(kept)` (the whole log, serialized with those results) under
// limits.max_gzip_bytes. Returns the kept indices in their original order; `text` is the
// render of that choice.
std::vector<std::size_t>
keep_within(const std::vector<int>& ranks, const SarifLimits& limits,
            const std::function<std::string(const std::vector<std::size_t>&)>& render,
            std::string& text);

} // namespace keysift::reporters
