// Reading git's index file (the staging area) directly, for the pre-commit check.
// libgit2 checks the file's SHA-1 and builds a path map on every read, ~30 ms for a
// 50,000-file repository; the check needs only the entries and the cache tree (which
// lets it skip every directory whose staged content equals HEAD's without reading it).
// Formats 2, 3 and 4 with SHA-1 object ids. Anything else (a split or sparse index, a
// damaged file, another hash) is left to libgit2: read_index_file then returns nullopt.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <git2.h>

namespace keysift::git {

struct IndexEntry {
  std::string path;
  std::uint32_t mode = 0;
  git_oid id{};
  unsigned stage = 0; // 0 unless the path is unmerged
};

// git's cache tree: for a directory of the index, the tree id it would be written as,
// when still valid (a `git add` below it invalidates it).
struct CacheTree {
  std::string name; // one path component; "" for the root
  bool valid = false;
  git_oid id{};
  std::vector<CacheTree> children;

  const CacheTree* child(std::string_view name) const;
};

struct IndexFile {
  std::vector<IndexEntry> entries; // sorted by path, as git writes them
  std::optional<CacheTree> tree;
};

// Parses an index file's bytes; nullopt when the format is one keysift leaves to libgit2.
std::optional<IndexFile> parse_index(std::string_view bytes);

// Reads and parses the file; nullopt also when it cannot be read.
std::optional<IndexFile> read_index_file(const std::string& path);

} // namespace keysift::git
