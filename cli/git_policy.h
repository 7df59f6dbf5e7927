// The policy of a git check: read from the work tree (pre-commit, a history audit), or
// for a range, a push, or `--config-from REV`, from a revision's tree — the base, which
// the commits under review cannot change. The head's policy files are compared with the
// base's, and what the head would suppress more becomes config-weakened findings
// (policy/weakening.h). Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "cli/project.h"

namespace keysift::cli {

// The files of `rev`'s tree in the repository at `repo_path`.
FileSource revision_files(std::string repo_path, std::string rev);

struct GitPolicySpec {
  std::string repo; // a directory in the repository
  bool from_revision = false;
  std::string base; // the revision whose policy decides ("" with from_revision: none,
                    // e.g. a push of a new root commit: the built-in pack alone)
  std::string head; // compare the base's policy files with this revision's ("" : no)
};

Result<PreparedRun> prepare_git_run(const GitPolicySpec& spec, const ScanOptions& options,
                                    bool diff);

} // namespace keysift::cli
