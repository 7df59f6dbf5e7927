#include "git/history_walk.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <queue>
#include <unordered_set>

#include "git/object_parse.h"
#include "git/object_reader.h"
#include "git/oid_hash.h"
#include "git/oid_table.h"

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

} // namespace

bool read_commit(git_repository* repo, ObjectReader* reader, const git_oid& oid,
                 CommitHeader& out) {
  if (reader != nullptr && reader->contains(oid)) {
    auto obj = reader->read(oid);
    if (obj && (*obj)->type() == PackType::commit) {
      auto parsed = parse_commit((*obj)->view());
      if (parsed) {
        out = std::move(parsed).value();
        return true;
      }
    }
  }
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) != 0) {
    git_error_clear();
    return false;
  }
  Commit commit(raw);
  out.tree = *git_commit_tree_id(commit.get());
  out.time = git_commit_time(commit.get());
  out.parents.clear();
  for (unsigned p = 0; p < git_commit_parentcount(commit.get()); ++p)
    out.parents.push_back(*git_commit_parent_id(commit.get(), p));
  return true;
}

namespace {

// Every commit met, numbered by OidTable; parents by number in one flat array.
struct Graph {
  enum State : std::uint8_t { unread, queued, selected, missing };
  OidTable ids;
  std::vector<git_oid> trees;
  std::vector<std::int64_t> times;
  std::vector<std::uint32_t> parents_begin, parents_end, parents;
  std::vector<State> state;
  std::vector<std::uint32_t> popped; // selected commits, newest first

  std::uint32_t add(const git_oid& oid) {
    bool inserted = false;
    const std::uint32_t n = ids.insert(oid, inserted);
    if (inserted) {
      trees.emplace_back();
      times.push_back(0);
      parents_begin.push_back(0);
      parents_end.push_back(0);
      state.push_back(unread);
    }
    return n;
  }
};

using Queued = std::pair<std::int64_t, std::uint32_t>;
struct QueuedLess {
  const Graph* g;
  bool operator()(const Queued& a, const Queued& b) const {
    if (a.first != b.first) return a.first < b.first;
    return git_oid_cmp(&g->ids.id(a.second), &g->ids.id(b.second)) < 0;
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
void collect(git_repository* repo, ObjectReader* reader, const Tips& tips,
             const WalkLimits& limits, Graph& g, CommitSelection& out) {
  std::priority_queue<Queued, std::vector<Queued>, QueuedLess> heap(QueuedLess{&g});
  const auto shallow = shallow_commits(repo);
  CommitHeader c;
  auto enqueue = [&](std::uint32_t n, const git_oid* child) {
    if (g.state[n] != Graph::unread) return;
    if (!read_commit(repo, reader, g.ids.id(n), c)) {
      g.state[n] = Graph::missing;
      if (child != nullptr && shallow.count(*child))
        out.missing_parents = true;
      else
        out.missing_commits.emplace_back(g.ids.id(n),
                                         child != nullptr ? *child : g.ids.id(n));
      return;
    }
    g.state[n] = Graph::queued;
    g.trees[n] = c.tree;
    g.times[n] = c.time;
    g.parents_begin[n] = static_cast<std::uint32_t>(g.parents.size());
    for (const auto& p : c.parents) {
      const std::uint32_t parent = g.add(p);
      g.parents.push_back(parent);
    }
    g.parents_end[n] = static_cast<std::uint32_t>(g.parents.size());
    heap.emplace(c.time, n);
  };
  for (const auto& tip : tips.commits) enqueue(g.add(tip), nullptr);
  while (!heap.empty()) {
    if (limits.max_commits != 0 && g.popped.size() >= limits.max_commits) break;
    const auto [time, n] = heap.top();
    heap.pop();
    if (limits.since && time < *limits.since) continue;
    g.state[n] = Graph::selected;
    g.popped.push_back(n);
    const git_oid child = g.ids.id(n); // a copy: enqueue may grow the table
    for (std::uint32_t i = g.parents_begin[n]; i < g.parents_end[n]; ++i)
      enqueue(g.parents[i], &child);
  }
}

// Oldest first with parents before children (Kahn's algorithm, ties by date, then by
// the order the walk met them).
void order(const Graph& g, CommitSelection& out) {
  const std::size_t n = g.popped.size();
  std::vector<std::uint32_t> rank(g.ids.size(), UINT32_MAX); // commit -> pop rank
  for (std::uint32_t r = 0; r < n; ++r) rank[g.popped[r]] = r;
  std::vector<std::uint32_t> pending(n, 0), child_count(n + 1, 0);
  std::vector<bool> in_boundary(g.ids.size(), false);
  for (std::uint32_t r = 0; r < n; ++r) {
    const std::uint32_t c = g.popped[r];
    for (std::uint32_t i = g.parents_begin[c]; i < g.parents_end[c]; ++i) {
      const std::uint32_t p = g.parents[i];
      if (g.state[p] == Graph::selected) {
        ++pending[r];
        ++child_count[rank[p] + 1];
      } else if (!in_boundary[p]) {
        in_boundary[p] = true; // may be missing (a shallow clone): the reader checks
        out.boundary.push_back(g.ids.id(p));
      }
    }
  }
  for (std::size_t r = 0; r < n; ++r) child_count[r + 1] += child_count[r];
  std::vector<std::uint32_t> children(child_count[n]),
      fill(child_count.begin(), child_count.end() - 1);
  for (std::uint32_t r = 0; r < n; ++r) {
    const std::uint32_t c = g.popped[r];
    for (std::uint32_t i = g.parents_begin[c]; i < g.parents_end[c]; ++i)
      if (g.state[g.parents[i]] == Graph::selected)
        children[fill[rank[g.parents[i]]]++] = r;
  }
  using Ready = std::pair<std::int64_t, std::uint32_t>; // time, pop rank
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready;
  for (std::uint32_t r = 0; r < n; ++r)
    if (pending[r] == 0) ready.emplace(g.times[g.popped[r]], r);
  out.commits.reserve(n);
  while (!ready.empty()) {
    const std::uint32_t r = ready.top().second;
    ready.pop();
    const std::uint32_t c = g.popped[r];
    out.commits.push_back({g.ids.id(c), g.trees[c], g.times[c]});
    for (std::uint32_t i = child_count[r]; i < child_count[r + 1]; ++i)
      if (--pending[children[i]] == 0)
        ready.emplace(g.times[g.popped[children[i]]], children[i]);
  }
}

} // namespace

Result<CommitSelection> select_commits(git_repository* repo, ObjectReader* reader,
                                       const WalkLimits& limits) {
  auto tips = limits.refs.empty() ? every_tip(repo) : named_tips(repo, limits.refs);
  if (!tips) return tips.status();
  CommitSelection out;
  out.non_commit_refs = tips->non_commit;
  Graph graph;
  collect(repo, reader, *tips, limits, graph, out);
  std::unordered_set<git_oid, OidHash, OidEqual> distinct(tips->commits.begin(),
                                                          tips->commits.end());
  out.tips = distinct.size();
  order(graph, out);
  return out;
}

} // namespace keysift::git
