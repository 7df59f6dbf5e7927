// BlobIndex: every unique blob of a history walk, with the commit and path that first
// showed it and every other path it appeared at (one location per distinct path, at the
// first commit that had it there; a 64-bit hash decides "seen at this path before", so a
// collision could only drop a location, never a blob). Trees are walked once per (tree,
// directory), so an unchanged subtree costs nothing in later commits. Not thread-safe;
// one walk owns it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "git/handles.h"
#include "git/oid_hash.h"

namespace keysift::git {

struct BlobLocation {
  std::uint32_t commit = 0; // the caller's commit number
  std::uint32_t path = 0;   // BlobIndex::path(id)
};

struct BlobRecord {
  git_oid oid{};
  std::vector<BlobLocation> locations; // the first one introduced the blob
};

class BlobIndex {
public:
  // Marks everything in `tree` as known from before the walk's window: never scanned.
  Status mark_known(git_repository* repo, const git_oid& tree);
  // Records the blobs of the tree of commit number `commit`.
  Status add_commit(git_repository* repo, const git_oid& tree, std::uint32_t commit);

  // Blobs to scan, in the order they were first seen.
  const std::vector<BlobRecord>& blobs() const { return records_; }
  std::vector<BlobRecord>& blobs() { return records_; }
  const std::string& path(std::uint32_t id) const { return paths_[id]; }
  // Whether the walk saw this blob (to scan or known).
  bool contains(const git_oid& oid) const { return blob_ids_.count(oid) != 0; }
  // Submodule entries met (gitlinks: their commits live in another repository).
  std::uint64_t submodules() const { return submodules_; }

private:
  struct Dir {
    std::string path; // "" or ending in '/'
    std::uint32_t id = 0;
  };
  Status walk(git_repository* repo, const git_oid& root, std::uint32_t commit, bool known);
  void add_blob(const git_oid& oid, const Dir& dir, std::string_view name,
                std::uint32_t commit, bool known);
  std::uint32_t intern(std::string path);

  static constexpr std::uint32_t known_id = UINT32_MAX;
  std::unordered_map<git_oid, std::uint32_t, OidHash, OidEqual> blob_ids_;
  std::vector<BlobRecord> records_;
  std::unordered_set<std::uint64_t> trees_seen_; // hash of (tree id, directory id)
  std::unordered_set<std::uint64_t> blob_paths_; // (record, path) pairs
  std::deque<std::string> paths_;                // stable: path_ids_ views into it
  std::unordered_map<std::string_view, std::uint32_t> path_ids_;
  std::uint64_t submodules_ = 0;
};

} // namespace keysift::git
