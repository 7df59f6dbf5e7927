// Which paths the index changes relative to HEAD's tree, found without reading what did
// not change: a directory whose cache-tree id equals HEAD's tree id is skipped unread,
// so a one-file change in a 50,000-file repository reads a handful of trees. A sparse
// index's directory entry is compared by its tree id, and tree against tree if needed.
// Not thread-safe: one repository per thread.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "git/handles.h"
#include "git/index_file.h"

namespace keysift::git {

struct StagedPaths {
  std::vector<const IndexEntry*> changed; // added, modified, mode-changed or unmerged
  std::vector<std::string> removed;       // in HEAD, not in the index (renames' sources)
  // Entries of a sparse index's directory entries that differ from HEAD (read from the
  // directory's tree); `changed` points into it as into the index.
  std::deque<IndexEntry> expanded;
};

// `head`: HEAD's tree (not nullptr). The entries point into `index`.
Result<StagedPaths> staged_paths(git_repository* repo, const git_tree* head,
                                 const IndexFile& index);

} // namespace keysift::git
