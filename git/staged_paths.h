// Which paths the index changes relative to HEAD's tree, found without reading what did
// not change: a directory whose cache-tree id equals HEAD's tree id is skipped unread,
// so a one-file change in a 50,000-file repository reads a handful of trees.
// Not thread-safe: one repository per thread.
#pragma once

#include <string>
#include <vector>

#include "git/handles.h"
#include "git/index_file.h"

namespace keysift::git {

struct StagedPaths {
  std::vector<const IndexEntry*> changed; // added, modified, mode-changed or unmerged
  std::vector<std::string> removed;       // in HEAD, not in the index (renames' sources)
};

// `head`: HEAD's tree (not nullptr). The entries point into `index`.
Result<StagedPaths> staged_paths(git_repository* repo, const git_tree* head,
                                 const IndexFile& index);

} // namespace keysift::git
