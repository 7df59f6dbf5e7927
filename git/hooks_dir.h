// Where a repository's hooks live: core.hooksPath if set (relative to the top of the
// working tree, as git reads it), else the common git directory's hooks/ (shared by all
// worktrees). Not thread-safe: opens its own repository.
#pragma once

#include <string>

#include "rules/status.h"

namespace keysift::git {

Result<std::string> hooks_directory(const std::string& repo_path);

} // namespace keysift::git
