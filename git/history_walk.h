// Choosing and ordering the commits of a history audit. The tips are every ref
// (branches, tags, remote-tracking refs, notes, the stash and each of its entries) and
// HEAD, or only the refs given. Commits are selected newest first (by committer date,
// like `git log`), limited by --since and --max-commits, then ordered oldest first with
// parents before children, so the first commit that shows a blob is the one that
// introduced it. Commits are read through keysift's object reader when it holds them
// (libgit2 otherwise), and the graph is kept compact (about 70 bytes a commit) so a
// history of millions of commits fits the audit's memory bound. Not thread-safe: one
// repository per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "git/handles.h"

namespace keysift::git {
class ObjectReader;
}

namespace keysift::git {

struct WalkLimits {
  std::vector<std::string> refs;     // empty: every ref, HEAD and the stash
  std::optional<std::int64_t> since; // skip commits committed before this (epoch s)
  std::uint64_t max_commits = 0;     // 0: no limit
};

struct SelectedCommit {
  git_oid oid{};
  git_oid tree{};
  std::int64_t time = 0;
};

struct CommitSelection {
  std::vector<SelectedCommit> commits;      // oldest first, parents before children
  std::vector<git_oid> boundary;            // parents left out by the limits (their trees
                                            // hold what was there before the window)
  std::size_t tips = 0;                     // distinct commits the walk started from
  std::vector<std::string> non_commit_refs; // refs to a tree or blob (not walked)
  bool missing_parents = false;             // a shallow clone's cut
  // Commits named as a parent that cannot be read, where the repository's shallow file
  // does not cut the history (a damaged or incomplete object store): each is a gap, and
  // the history before it was not walked. (missing commit, the commit naming it)
  std::vector<std::pair<git_oid, git_oid>> missing_commits;
};

struct CommitHeader;
// A commit's tree, parents and committer time: through `reader` if it holds the commit
// and can parse it, else through libgit2. False when neither can read it.
bool read_commit(git_repository* repo, ObjectReader* reader, const git_oid& oid,
                 CommitHeader& out);

// `reader` may be null (then libgit2 reads every commit).
Result<CommitSelection> select_commits(git_repository* repo, ObjectReader* reader,
                                       const WalkLimits& limits);

} // namespace keysift::git
