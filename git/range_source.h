// RangeSource: the lines each of a list of commits adds (a pull request's range, or what
// a push sends). A commit is diffed against its parent (the empty tree for a root
// commit); a merge keeps only the lines that differ from every parent (conflict
// resolutions and evil merges), since what each parent brought is scanned in the commit
// that introduced it. Each commit's message is scanned too, and the messages of the
// annotated tags a push sends, each distinct message once (git/message_scan.h). Findings
// carry commit, author, email, date and message. A secret added in one commit and removed
// in a later one is still reported. Runs on one thread.
#pragma once

#include <string>
#include <vector>

#include "git/added_lines.h"
#include "git/commit_select.h"
#include "git/message_scan.h"
#include "scanner/source.h"

namespace keysift::git {

class RangeSource final : public scanner::Source {
public:
  // What is skipped is the sink's gate's to say.
  RangeSource(std::string repo_path, std::vector<git_oid> commits);
  Status run(scanner::ChunkSink& sink, std::stop_token stop) override;
  // Also scans these tags' messages (an annotated tag's, and those of the tags it
  // points to): what a push of tags sends besides commits.
  void add_tags(std::vector<PushedTag> tags) { tags_ = std::move(tags); }

private:
  Status scan_commit(git_repository* repo, const git_oid& oid, scanner::ChunkSink& sink,
                     MessageSet& messages);

  std::string repo_path_;
  std::vector<git_oid> commits_;
  std::vector<PushedTag> tags_;
};

} // namespace keysift::git
