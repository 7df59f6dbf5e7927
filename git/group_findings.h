// Grouping a history audit's findings. A file's later versions are new blobs that still
// carry a secret its earlier version introduced; scanning each blob once would report
// that secret again for every later edit of the file, each time attributed to a commit
// that did not add it. Findings of the same rule, secret and path are therefore merged
// into one, attributed to the earliest (in walk order); the others become its locations
// (with a "line" attr). Pure; thread-safe on distinct inputs.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "scanner/finding.h"

namespace keysift::git {

// `rank` orders provenances by walk order (smaller: earlier). Findings come back sorted.
void group_findings(std::vector<scanner::Finding>& findings,
                    const std::function<std::uint64_t(const scanner::Provenance&)>& rank);

} // namespace keysift::git
