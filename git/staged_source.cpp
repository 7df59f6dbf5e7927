#include "git/staged_source.h"

namespace keysift::git {

StagedSource::StagedSource(std::string repo_path, bool scan_binary, PathFilter skip_path)
    : repo_path_(std::move(repo_path)), scan_binary_(scan_binary),
      skip_path_(std::move(skip_path)) {}

namespace {

// HEAD's tree, or nullptr before the first commit (an unborn branch).
Result<Tree> head_tree(git_repository* repo) {
  git_object* raw = nullptr;
  const int rc = git_revparse_single(&raw, repo, "HEAD^{tree}");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return Tree();
  if (rc != 0) return git_failure("reading HEAD");
  return Tree(reinterpret_cast<git_tree*>(raw)); // NOLINT: libgit2's documented downcast
}

} // namespace

Status StagedSource::run(scanner::ChunkSink& sink, std::stop_token) {
  auto repo = open_repository(repo_path_);
  if (!repo) return repo.status();
  if (git_repository_is_bare(repo->get()))
    return Status::error(repo_path_ + ": a bare repository has no index to check");
  auto tree = head_tree(repo->get());
  if (!tree) return tree.status();
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo->get()) != 0)
    return git_failure("reading the index");
  Index index(raw_index);
  git_diff* raw_diff = nullptr;
  const git_diff_options opts = diff_options();
  if (git_diff_tree_to_index(&raw_diff, repo->get(), tree->get(), index.get(), &opts) != 0)
    return git_failure("diffing the index against HEAD");
  Diff diff(raw_diff);
  if (auto st = find_renames(diff.get()); !st) return st;
  auto added = collect_additions(repo->get(), diff.get(), scan_binary_, skip_path_);
  if (!added) return added.status();
  push_runs(*added, {}, sink);
  return Status::ok();
}

} // namespace keysift::git
