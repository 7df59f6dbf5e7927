#include "git/blob_index.h"

#include <utility>

namespace keysift::git {
namespace {

std::uint64_t tree_key(const git_oid& tree, std::uint32_t dir) {
  std::uint64_t h = 0;
  std::memcpy(&h, tree.id, sizeof h);
  return h ^ (static_cast<std::uint64_t>(dir) * 0x9e3779b97f4a7c15ull);
}

} // namespace

std::uint32_t BlobIndex::intern(std::string path) {
  if (auto it = path_ids_.find(path); it != path_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(paths_.size());
  paths_.push_back(std::move(path));
  path_ids_.emplace(paths_.back(), id);
  return id;
}

Status BlobIndex::mark_known(git_repository* repo, const git_oid& tree) {
  return walk(repo, tree, 0, true);
}

Status BlobIndex::add_commit(git_repository* repo, const git_oid& tree,
                             std::uint32_t commit) {
  return walk(repo, tree, commit, false);
}

// Most entries of a walked tree are blobs already seen at the same path: those are
// settled by hashing (record, directory, name) without building the path string.
void BlobIndex::add_blob(const git_oid& oid, const Dir& dir, std::string_view name,
                         std::uint32_t commit, bool known) {
  auto [it, inserted] = blob_ids_.try_emplace(oid, known_id);
  if (inserted && !known) {
    it->second = static_cast<std::uint32_t>(records_.size());
    records_.push_back({oid, {}});
  }
  if (it->second == known_id || known) return;
  const std::uint64_t key = (std::hash<std::string_view>{}(name)*0x9e3779b97f4a7c15ull) ^
                            (static_cast<std::uint64_t>(it->second) << 32) ^ dir.id;
  if (!blob_paths_.insert(key).second) return;
  records_[it->second].locations.push_back({commit, intern(dir.path + std::string(name))});
}

// Depth-first with an explicit stack: a hostile repository's deep trees cannot overflow
// ours. A tree id already walked in the same directory is skipped.
Status BlobIndex::walk(git_repository* repo, const git_oid& root, std::uint32_t commit,
                       bool known) {
  std::vector<std::pair<git_oid, Dir>> stack;
  if (const std::uint32_t top = intern(""); trees_seen_.insert(tree_key(root, top)).second)
    stack.push_back({root, Dir{"", top}});
  while (!stack.empty()) {
    auto [oid, dir] = std::move(stack.back());
    stack.pop_back();
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo, &oid) != 0)
      return git_failure("reading tree " + oid_hex(oid) +
                         (dir.path.empty() ? "" : " at " + dir.path));
    Tree tree(raw);
    const std::size_t n = git_tree_entrycount(tree.get());
    for (std::size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const git_oid& id = *git_tree_entry_id(e);
      const std::string_view name = git_tree_entry_name(e);
      switch (git_tree_entry_type(e)) {
      case GIT_OBJECT_TREE: {
        std::string path = dir.path + std::string(name) + '/';
        const std::uint32_t pid = intern(path);
        if (trees_seen_.insert(tree_key(id, pid)).second)
          stack.push_back({id, Dir{std::move(path), pid}});
        break;
      }
      case GIT_OBJECT_BLOB:
        add_blob(id, dir, name, commit, known);
        break;
      default:
        if (!known) ++submodules_;
        break;
      }
    }
  }
  return Status::ok();
}

} // namespace keysift::git
