#include "git/staged_paths.h"

#include <unordered_set>

namespace keysift::git {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

class Walker {
public:
  Walker(git_repository* repo, const IndexFile& index, StagedPaths& out)
      : repo_(repo), entries_(index.entries), out_(out) {}

  // Compares the directory `prefix` ("" or "a/b/") of HEAD, `tree`, with the index
  // entries [lo, hi), which are the ones under that prefix.
  Status dir(const git_tree* tree, const std::string& prefix, std::size_t lo,
             std::size_t hi, const CacheTree* cache) {
    if (cache && cache->valid && git_oid_equal(&cache->id, git_tree_id(tree)))
      return Status::ok(); // staged exactly as committed
    std::unordered_set<const git_tree_entry*> seen;
    std::size_t i = lo;
    while (i < hi) {
      const std::string_view rest =
          std::string_view(entries_[i].path).substr(prefix.size());
      const std::size_t slash = rest.find('/');
      const std::string name(rest.substr(0, slash));
      const git_tree_entry* t = git_tree_entry_byname(tree, name.c_str());
      if (t) seen.insert(t);
      const bool t_is_tree = t && git_tree_entry_type(t) == GIT_OBJECT_TREE;
      std::size_t j = i + 1;
      if (slash == std::string_view::npos) { // a file here (several entries if unmerged)
        while (j < hi && entries_[j].path == entries_[i].path) ++j;
        const IndexEntry& e = entries_[i];
        const bool same = t && !t_is_tree && j == i + 1 && e.stage == 0 &&
                          git_oid_equal(git_tree_entry_id(t), &e.id) &&
                          static_cast<std::uint32_t>(git_tree_entry_filemode(t)) == e.mode;
        if (!same) changed(i, j);
        if (t_is_tree)
          if (auto st = removed_tree(t, prefix + name); !st) return st;
      } else { // a directory here
        const std::string sub = prefix + name + "/";
        while (j < hi && starts_with(entries_[j].path, sub)) ++j;
        if (j == i + 1 && entries_[i].is_directory() && entries_[i].path == sub) {
          if (!(t_is_tree && git_oid_equal(git_tree_entry_id(t), &entries_[i].id)))
            if (auto st = expand(entries_[i].id, t_is_tree ? t : nullptr, sub); !st)
              return st;
          if (t && !t_is_tree) out_.removed.push_back(prefix + name);
        } else if (t_is_tree) {
          auto subtree = lookup(t, sub);
          if (!subtree) return subtree.status();
          const CacheTree* child = cache ? cache->child(name) : nullptr;
          if (auto st = dir(subtree->get(), sub, i, j, child); !st) return st;
        } else {
          if (auto st = added(i, j); !st) return st;
          if (t) out_.removed.push_back(prefix + name);
        }
      }
      i = j;
    }
    return removed_unseen(tree, seen, prefix);
  }

private:
  // A sparse directory entry whose tree `id` differs from HEAD's `head` (nullptr: none
  // there): the files that differ, compared tree against tree.
  Status expand(const git_oid& id, const git_tree_entry* head, const std::string& sub) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo_, &id) != 0)
      return git_failure("reading the index's tree " + sub);
    const Tree staged(raw);
    Tree committed;
    if (head) {
      auto found = lookup(head, sub);
      if (!found) return found.status();
      committed = std::move(found).value();
    }
    std::unordered_set<const git_tree_entry*> seen;
    const std::size_t n = git_tree_entrycount(staged.get());
    for (std::size_t k = 0; k < n; ++k) {
      const git_tree_entry* e = git_tree_entry_byindex(staged.get(), k);
      const std::string name = git_tree_entry_name(e);
      const std::string path = sub + name;
      const git_tree_entry* h =
          committed ? git_tree_entry_byname(committed.get(), name.c_str()) : nullptr;
      if (h) seen.insert(h);
      const bool e_tree = git_tree_entry_type(e) == GIT_OBJECT_TREE;
      const bool h_tree = h && git_tree_entry_type(h) == GIT_OBJECT_TREE;
      const bool same_id = h && git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(h));
      if (e_tree) {
        if (h_tree && same_id) continue;
        if (h && !h_tree) out_.removed.push_back(path);
        if (auto st = expand(*git_tree_entry_id(e), h_tree ? h : nullptr, path + "/"); !st)
          return st;
        continue;
      }
      if (same_id && !h_tree && git_tree_entry_filemode(e) == git_tree_entry_filemode(h))
        continue;
      out_.expanded.push_back({path, static_cast<std::uint32_t>(git_tree_entry_filemode(e)),
                               *git_tree_entry_id(e), 0});
      out_.changed.push_back(&out_.expanded.back());
      if (h_tree)
        if (auto st = removed_tree(h, path); !st) return st;
    }
    return committed ? removed_unseen(committed.get(), seen, sub) : Status::ok();
  }

  // The entries of HEAD's `tree` (directory `prefix`) that the index no longer has.
  Status removed_unseen(const git_tree* tree,
                        const std::unordered_set<const git_tree_entry*>& seen,
                        const std::string& prefix) {
    const std::size_t n = git_tree_entrycount(tree);
    for (std::size_t k = 0; k < n; ++k) {
      const git_tree_entry* t = git_tree_entry_byindex(tree, k);
      if (seen.count(t)) continue;
      const std::string path = prefix + git_tree_entry_name(t);
      if (git_tree_entry_type(t) != GIT_OBJECT_TREE)
        out_.removed.push_back(path);
      else if (auto st = removed_tree(t, path); !st)
        return st;
    }
    return Status::ok();
  }

  // Index entries [from, to) under a directory HEAD does not have: all added, a sparse
  // directory entry with every file of its tree.
  Status added(std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      if (!entries_[k].is_directory())
        out_.changed.push_back(&entries_[k]);
      else if (auto st = expand(entries_[k].id, nullptr, entries_[k].path); !st)
        return st;
    }
    return Status::ok();
  }

  void changed(std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) out_.changed.push_back(&entries_[k]);
  }

  Result<Tree> lookup(const git_tree_entry* t, const std::string& path) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo_, git_tree_entry_id(t)) != 0)
      return git_failure("reading HEAD's tree " + path);
    return Tree(raw);
  }

  // Every file of a directory the index no longer has.
  Status removed_tree(const git_tree_entry* t, const std::string& path) {
    auto tree = lookup(t, path);
    if (!tree) return tree.status();
    struct Ctx {
      const std::string& base;
      std::vector<std::string>& out;
    } ctx{path, out_.removed};
    auto each = [](const char* root, const git_tree_entry* e, void* payload) -> int {
      auto* c = static_cast<Ctx*>(payload);
      if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
        c->out.push_back(c->base + "/" + root + git_tree_entry_name(e));
      return 0;
    };
    if (git_tree_walk(tree->get(), GIT_TREEWALK_PRE, each, &ctx) != 0)
      return git_failure("reading HEAD's tree " + path);
    return Status::ok();
  }

  git_repository* repo_;
  const std::vector<IndexEntry>& entries_;
  StagedPaths& out_;
};

} // namespace

Result<StagedPaths> staged_paths(git_repository* repo, const git_tree* head,
                                 const IndexFile& index) {
  StagedPaths out;
  Walker walker(repo, index, out);
  const CacheTree* root = index.tree ? &*index.tree : nullptr;
  if (auto st = walker.dir(head, "", 0, index.entries.size(), root); !st) return st;
  return out;
}

} // namespace keysift::git
