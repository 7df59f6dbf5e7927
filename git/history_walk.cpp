#include "git/history_walk.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "git/oid_hash.h"

namespace keysift::git {
namespace {

struct Tips {
  std::vector<git_oid> commits;
  std::vector<std::string> non_commit;
};

Status add_tip(git_repository* repo, const git_oid& target, const std::string& name,
               Tips& tips) {
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo, &target, GIT_OBJECT_ANY) != 0)
    return git_failure(name + ": reading what it points to");
  Object obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT) != 0) {
    git_error_clear();
    tips.non_commit.push_back(name);
    return Status::ok();
  }
  tips.commits.push_back(*git_object_id(peeled));
  git_object_free(peeled);
  return Status::ok();
}

int on_stash(std::size_t, const char*, const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

Result<Tips> every_tip(git_repository* repo) {
  Tips tips;
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_new(&raw, repo) != 0) return git_failure("listing refs");
  ReferenceIterator it(raw);
  git_reference* ref = nullptr;
  int rc = 0;
  while ((rc = git_reference_next(&ref, it.get())) == 0) {
    Reference owned(ref);
    git_reference* resolved = nullptr;
    if (git_reference_resolve(&resolved, owned.get()) != 0) {
      git_error_clear(); // a symbolic ref to nothing (an unborn branch)
      continue;
    }
    Reference target(resolved);
    if (auto st = add_tip(repo, *git_reference_target(target.get()),
                          git_reference_name(owned.get()), tips);
        !st)
      return st;
  }
  if (rc != GIT_ITEROVER) return git_failure("listing refs");
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") == 0)
    tips.commits.push_back(head); // a detached HEAD is on no branch
  git_error_clear();
  std::vector<git_oid> stash; // every entry, not only refs/stash
  if (git_repository_is_bare(repo) == 0 && git_stash_foreach(repo, on_stash, &stash) != 0)
    git_error_clear();
  tips.commits.insert(tips.commits.end(), stash.begin(), stash.end());
  return tips;
}

Result<Tips> named_tips(git_repository* repo, const std::vector<std::string>& refs) {
  Tips tips;
  for (const auto& name : refs) {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo, name.c_str()) != 0)
      return git_failure("--branch " + name);
    Object obj(raw);
    if (auto st = add_tip(repo, *git_object_id(obj.get()), name, tips); !st) return st;
  }
  return tips;
}

struct Node {
  SelectedCommit commit;
  std::vector<git_oid> parents;
};

using Queued = std::pair<std::int64_t, git_oid>;
struct QueuedLess {
  bool operator()(const Queued& a, const Queued& b) const {
    if (a.first != b.first) return a.first < b.first;
    return git_oid_cmp(&a.second, &b.second) < 0;
  }
};

// The commits a shallow clone's $GIT_DIR/shallow lists: their parents were not fetched.
std::unordered_set<git_oid, OidHash, OidEqual> shallow_commits(git_repository* repo) {
  std::unordered_set<git_oid, OidHash, OidEqual> out;
  if (git_repository_is_shallow(repo) != 1) return out;
  std::ifstream in(std::string(git_repository_commondir(repo)) + "shallow");
  std::string line;
  git_oid oid;
  while (std::getline(in, line))
    if (line.size() == GIT_OID_HEXSZ && git_oid_fromstr(&oid, line.c_str()) == 0)
      out.insert(oid);
  return out;
}

// Newest first, as `git log` walks; stops at --max-commits, skips commits before --since.
// A parent that cannot be read is a shallow clone's cut only when the shallow file
// lists its child; any other is a missing commit (CommitSelection::missing_commits).
Status collect(git_repository* repo, const Tips& tips, const WalkLimits& limits,
               std::vector<Node>& nodes, CommitSelection& out) {
  std::priority_queue<Queued, std::vector<Queued>, QueuedLess> heap;
  std::unordered_set<git_oid, OidHash, OidEqual> queued;
  const auto shallow = shallow_commits(repo);
  auto enqueue = [&](const git_oid& oid, const git_oid* child) {
    if (!queued.insert(oid).second) return;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      git_error_clear();
      if (child != nullptr && shallow.count(*child))
        out.missing_parents = true;
      else
        out.missing_commits.emplace_back(oid, child != nullptr ? *child : oid);
      return;
    }
    heap.emplace(git_commit_time(raw), oid);
    git_commit_free(raw);
  };
  for (const auto& tip : tips.commits) enqueue(tip, nullptr);
  while (!heap.empty()) {
    if (limits.max_commits != 0 && nodes.size() >= limits.max_commits) break;
    const auto [time, oid] = heap.top();
    heap.pop();
    if (limits.since && time < *limits.since) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) return git_failure("reading a commit");
    Commit commit(raw);
    Node node{{oid, *git_commit_tree_id(commit.get()), time}, {}};
    for (unsigned p = 0; p < git_commit_parentcount(commit.get()); ++p)
      node.parents.push_back(*git_commit_parent_id(commit.get(), p));
    for (const auto& parent : node.parents) enqueue(parent, &oid);
    nodes.push_back(std::move(node));
  }
  return Status::ok();
}

// Oldest first with parents before children (Kahn's algorithm, ties by date).
void order(std::vector<Node>& nodes, CommitSelection& out) {
  std::unordered_map<git_oid, std::size_t, OidHash, OidEqual> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) index.emplace(nodes[i].commit.oid, i);
  std::vector<std::size_t> pending(nodes.size(), 0);
  std::vector<std::vector<std::size_t>> children(nodes.size());
  std::unordered_set<git_oid, OidHash, OidEqual> boundary;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (const auto& parent : nodes[i].parents) {
      if (auto it = index.find(parent); it != index.end()) {
        ++pending[i];
        children[it->second].push_back(i);
      } else {
        boundary.insert(parent); // may be missing (a shallow clone): the reader checks
      }
    }
  using Ready = std::pair<std::int64_t, std::size_t>;
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (pending[i] == 0) ready.emplace(nodes[i].commit.time, i);
  while (!ready.empty()) {
    const std::size_t i = ready.top().second;
    ready.pop();
    out.commits.push_back(nodes[i].commit);
    for (std::size_t c : children[i])
      if (--pending[c] == 0) ready.emplace(nodes[c].commit.time, c);
  }
  out.boundary.assign(boundary.begin(), boundary.end());
}

} // namespace

Result<CommitSelection> select_commits(git_repository* repo, const WalkLimits& limits) {
  auto tips = limits.refs.empty() ? every_tip(repo) : named_tips(repo, limits.refs);
  if (!tips) return tips.status();
  CommitSelection out;
  out.non_commit_refs = tips->non_commit;
  std::vector<Node> nodes;
  if (auto st = collect(repo, *tips, limits, nodes, out); !st) return st;
  std::unordered_set<git_oid, OidHash, OidEqual> distinct(tips->commits.begin(),
                                                          tips->commits.end());
  out.tips = distinct.size();
  order(nodes, out);
  return out;
}

} // namespace keysift::git
