// Grouping a history audit's findings. A file's later versions are new blobs that still
// carry a secret its earlier version introduced; scanning each blob once would report
// that secret again for every later edit of the file, each time attributed to a commit
// that did not add it. Findings of the same rule, secret and path are therefore merged
// into one, attributed to the earliest (in walk order: the catalog number of its commit);
// the others become its other locations (with their line), ordered by commit (walk
// order), then path and line, so that the order is a function of what a report shows
// (merging shard reports rebuilds it: cli/report_merge.cpp). Pure; thread-safe on
// distinct inputs.
#pragma once

#include <vector>

#include "scanner/finding.h"

namespace keysift::git {

// Findings come back sorted by path, line, column, rule, then fingerprint.
void group_findings(std::vector<scanner::Finding>& findings);

} // namespace keysift::git
