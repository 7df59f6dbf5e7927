// Reading git's index file (the staging area) directly, for the pre-commit check.
// libgit2 checks the file's SHA-1 and builds a path map on every read, ~30 ms for a
// 50,000-file repository; the check needs only the entries and the cache tree (which
// lets it skip every directory whose staged content equals HEAD's without reading it).
// Formats 2, 3 and 4 with SHA-1 object ids, split and sparse indexes included (libgit2
// reads neither). Anything else (a damaged file, another hash, an unknown required
// extension) is left to libgit2: read_index_file then returns nullopt.
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

  // A sparse index's entry for a whole directory outside the sparse checkout: `path`
  // ends in '/' and `id` is the directory's tree.
  bool is_directory() const { return mode == 040000; }
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

// An EWAH-compressed bitmap as git writes it: a bit count, then run-length words (bit 0
// the run's value, bits 1-32 its length in 64-bit words, bits 33-63 how many literal
// words follow) and literal words. Kept compressed: its claimed size is checked against
// the shared index it describes before anything is expanded, so 60 bytes claiming four
// billion bits cost nothing.
struct EwahBitmap {
  std::uint32_t bits = 0;
  std::vector<std::uint64_t> words;
};

// The bitmap's bits; nullopt when it claims more than `max_bits` bits or its words hold
// fewer than it claims. Time and memory are bounded by max_bits and the words' count.
std::optional<std::vector<bool>> expand_ewah(const EwahBitmap& bitmap,
                                             std::size_t max_bits);

// A split index (core.splitIndex): the file holds only what changed since a shared
// index, $GIT_DIR/sharedindex.<id>, whose entries these bitmaps delete or replace (one
// bit per shared entry).
struct SplitLink {
  git_oid shared{};
  EwahBitmap deleted, replaced;
};

struct IndexFile {
  std::vector<IndexEntry> entries; // sorted by path, as git writes them
  std::optional<CacheTree> tree;
  std::optional<SplitLink> link; // only before merging with the shared index
  bool sparse = false;           // a sparse index: may hold directory entries
};

// Parses an index file's bytes; nullopt when the format is one keysift leaves to libgit2.
std::optional<IndexFile> parse_index(std::string_view bytes);

// The index a split index and its shared index make together.
std::optional<IndexFile> merge_split_index(IndexFile split, const IndexFile& shared);

// Reads and parses the file, and its shared index from `git_dir` if it is a split index;
// nullopt also when a file cannot be read.
std::optional<IndexFile> read_index_file(const std::string& path,
                                         const std::string& git_dir);

} // namespace keysift::git
