// RAII owners for libgit2 handles, libgit2's one-time setup, and turning libgit2 errors
// into Status. Only git/ sees libgit2. A handle is used by one thread at a time; every
// thread that reads objects opens its own git_repository.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <git2.h>

#include "rules/status.h"

namespace keysift::git {

template <class T, void (*Free)(T*)> struct GitFree {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)> using GitPtr = std::unique_ptr<T, GitFree<T, Free>>;

using Repository = GitPtr<git_repository, git_repository_free>;
using Commit = GitPtr<git_commit, git_commit_free>;
using Tree = GitPtr<git_tree, git_tree_free>;
using Blob = GitPtr<git_blob, git_blob_free>;
using Diff = GitPtr<git_diff, git_diff_free>;
using Index = GitPtr<git_index, git_index_free>;
using Object = GitPtr<git_object, git_object_free>;
using Reference = GitPtr<git_reference, git_reference_free>;
using ReferenceIterator = GitPtr<git_reference_iterator, git_reference_iterator_free>;
using Revwalk = GitPtr<git_revwalk, git_revwalk_free>;
using Odb = GitPtr<git_odb, git_odb_free>;
using OdbObject = GitPtr<git_odb_object, git_odb_object_free>;
using Config = GitPtr<git_config, git_config_free>;

// Initialises libgit2 once per process (thread-safe): no owner validation (keysift only
// reads, and must work on a repository owned by another user, as in CI containers), no
// hash verification on read (speed; objects are not trusted for anything but scanning).
void ensure_libgit2();

// "WHAT: <libgit2's last error message>".
Status git_failure(std::string_view what);

// Opens the repository holding `path` (searching upward, like git). Bare repositories
// and worktrees work. Its loose objects are read by keysift (git/loose_backend.h).
Result<Repository> open_repository(const std::string& path);

// The 40-hex form of an object id.
std::string oid_hex(const git_oid& oid);

} // namespace keysift::git
