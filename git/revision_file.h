// Reading one file of a revision's tree, for the project files a range check must take
// from its base rather than from the commits under review (.keysift.toml, baselines,
// ignore files). Not thread-safe: one repository per thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "git/handles.h"

namespace keysift::git {

// The full id of the commit `rev` names.
Result<std::string> commit_id(git_repository* repo, const std::string& rev);

// The contents of `path` (relative to the repository root, '/'-separated) in the tree of
// commit `rev`; nullopt when that tree has no such file. A path that names a directory,
// a submodule or a symlink is an error (a config is a regular file), and so is a blob
// larger than `max_bytes` (it is not read).
Result<std::optional<std::string>> read_file_at(git_repository* repo,
                                                const std::string& rev,
                                                const std::string& path,
                                                std::size_t max_bytes = 32u << 20);

// The repository's work tree ("" for a bare repository), with a trailing '/'.
std::string work_tree(git_repository* repo);

} // namespace keysift::git
