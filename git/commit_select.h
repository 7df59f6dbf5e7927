// Which commits a diff-based check scans: a BASE..HEAD range, or what a `git push` would
// send (git's pre-push protocol). Both give commits oldest first (parents before
// children). Not thread-safe: one repository per thread.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "git/handles.h"

namespace keysift::git {

// The commits reachable from HEAD and not from BASE, for "BASE..HEAD" ("BASE.." means
// BASE..HEAD). A BASE missing from a shallow clone is an error that says how to fetch it.
Result<std::vector<git_oid>> range_commits(git_repository* repo, const std::string& range);

// A tag a push sends: its ref's short name ("v1" for refs/tags/v1) and the object the
// local sha names (an annotated tag's message is sent with it).
struct PushedTag {
  std::string name;
  git_oid id{};
};

// Reads pre-push lines "<local ref> <local sha> <remote ref> <remote sha>" from `in`. A
// deletion (local sha all zeros) adds nothing; a new branch (remote sha all zeros), or a
// remote sha we do not have, scans the commits not reachable from any remote-tracking
// ref; otherwise those not reachable from the remote sha. `refs_out` counts the lines;
// `tags`, when given, gets every refs/tags/ ref the push creates or moves.
Result<std::vector<git_oid>> pre_push_commits(git_repository* repo, std::istream& in,
                                              std::size_t& refs_out,
                                              std::vector<PushedTag>* tags = nullptr);

} // namespace keysift::git
