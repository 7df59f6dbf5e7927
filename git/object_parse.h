// Parsing git commits and trees read by keysift's own object reader (their bytes are
// untrusted: every function checks lengths and fails on a malformed object, never reads
// outside it). Only what a history audit needs: a commit's tree, parents and committer
// time; a tree's entries (mode, name, id). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <git2.h>

#include "rules/status.h"

namespace keysift::git {

struct CommitHeader {
  git_oid tree{};
  std::vector<git_oid> parents;
  std::int64_t time = 0; // committer time, seconds since the epoch
};

// The tree, parents and committer time of a commit object's bytes.
Result<CommitHeader> parse_commit(std::string_view bytes);

enum class EntryKind : std::uint8_t { blob, tree, submodule };

struct TreeEntry {
  std::string_view name;
  const unsigned char* id = nullptr; // 20 bytes inside the tree's bytes
  std::uint32_t mode = 0;
  EntryKind kind = EntryKind::blob;
  std::size_t begin = 0, end = 0; // the entry's bytes in the tree
};

// Reads the entry at tree[at]; false (and an error in `why`) when it is malformed.
bool parse_tree_entry(std::string_view tree, std::size_t at, TreeEntry& out,
                      const char*& why);

// git's order of tree entries: by name, a tree's name compared as if it ended in '/'.
int compare_entries(const TreeEntry& a, const TreeEntry& b);

} // namespace keysift::git
