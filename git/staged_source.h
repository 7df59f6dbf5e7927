// StagedSource: what `git commit` would add. The lines added in the index relative to
// HEAD (or to the empty tree before the first commit), renames detected, each run of
// added lines one Chunk reporting new-file line numbers. What is only in the working
// tree, and lines being deleted, are never scanned. Runs on one thread (the caller's).
#pragma once

#include <string>

#include "git/added_lines.h"
#include "scanner/source.h"

namespace keysift::git {

class StagedSource final : public scanner::Source {
public:
  // `repo_path`: a directory inside the repository. `index_file`: $GIT_INDEX_FILE, the
  // index a commit would write when git names one (empty: the repository's own). What
  // is skipped is the sink's gate's to say.
  explicit StagedSource(std::string repo_path, std::string index_file = {});
  Status run(scanner::ChunkSink& sink, std::stop_token stop) override;

private:
  std::string repo_path_;
  std::string index_file_;
};

} // namespace keysift::git
