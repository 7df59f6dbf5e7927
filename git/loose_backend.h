// Gives a repository an object database whose loose objects are read by keysift
// (git/loose_object.h), not by libgit2: the packs (and alternates) stay libgit2's.
//
// Why: libgit2 1.5 (Debian 12) trusts a loose object's header. It allocates the size
// the header claims and copies the first inflated bytes into it unchecked, so a hostile
// repository's "blob 7" header before 100 bytes of content overflows the heap in any
// mode that reads through libgit2 (--staged, --range, --pre-push: diffs, blob lookups).
// Found by tests/hostile_matrix.py (Git.test_objects_whose_size_header_lies).
//
// The backend is read-only (keysift never writes objects). Call once per repository,
// right after opening it, before anything reads an object; the repository owns the
// database afterwards. Thread-safety: as the repository's.
#pragma once

#include <git2.h>

#include "rules/status.h"

namespace keysift::git {

Status use_checked_loose_objects(git_repository* repo);

} // namespace keysift::git
