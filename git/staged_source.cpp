#include "git/staged_source.h"

#include <cerrno>

#include <sys/stat.h>

#include "git/staged_paths.h"
#include "rules/errno_text.h"

namespace keysift::git {

StagedSource::StagedSource(std::string repo_path, std::string index_file)
    : repo_path_(std::move(repo_path)), index_file_(std::move(index_file)) {}

namespace {

// HEAD's tree, or nullptr before the first commit (an unborn branch).
Result<Tree> head_tree(git_repository* repo) {
  git_object* raw = nullptr;
  const int rc = git_revparse_single(&raw, repo, "HEAD^{tree}");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return Tree();
  if (rc != 0) return git_failure("reading HEAD");
  return Tree(reinterpret_cast<git_tree*>(raw)); // NOLINT: libgit2's documented downcast
}

// The index a commit would write: `index_file` ($GIT_INDEX_FILE) when git sets it (a
// hook run by `git commit -a` or `git commit PATH` sees a temporary index), else the
// repository's (a worktree's own). A relative one is relative to the top of the work
// tree, where git resolves it, whatever the current directory.
std::string index_path(git_repository* repo, const std::string& index_file) {
  if (!index_file.empty()) {
    if (index_file[0] == '/') return index_file;
    const char* top = git_repository_workdir(repo);
    return std::string(top ? top : git_repository_path(repo)) + index_file;
  }
  return std::string(git_repository_path(repo)) + "index";
}

// The whole index through libgit2: every format git writes.
Result<Diff> diff_whole_index(git_repository* repo, git_tree* tree,
                              const std::string& path) {
  git_index* raw_index = nullptr;
  if (git_index_open(&raw_index, path.c_str()) != 0)
    return git_failure("reading the index " + path);
  Index index(raw_index);
  git_diff* raw_diff = nullptr;
  const git_diff_options opts = diff_options();
  if (git_diff_tree_to_index(&raw_diff, repo, tree, index.get(), &opts) != 0)
    return git_failure("diffing the index against HEAD");
  return Diff(raw_diff);
}

// Only the changed paths: an in-memory index holding the changed entries, diffed with
// a path list that keeps libgit2 from walking the rest of HEAD's tree.
Result<Diff> diff_paths(git_repository* repo, git_tree* tree, const StagedPaths& paths) {
  git_index* raw_index = nullptr;
  if (git_index_new(&raw_index) != 0) return git_failure("creating an index");
  Index index(raw_index);
  std::vector<const char*> list;
  for (const IndexEntry* e : paths.changed) {
    git_index_entry entry{};
    entry.mode = e->mode;
    entry.id = e->id;
    entry.path = e->path.c_str();
    entry.flags = static_cast<std::uint16_t>((e->stage & 3u) << GIT_INDEX_ENTRY_STAGESHIFT);
    if (git_index_add(index.get(), &entry) != 0)
      return git_failure("staging " + e->path + " in memory");
    list.push_back(e->path.c_str());
  }
  for (const auto& p : paths.removed) list.push_back(p.c_str());
  git_diff_options opts = diff_options();
  opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH; // exact paths, no glob characters
  opts.pathspec.strings = const_cast<char**>(list.data()); // NOLINT: libgit2 reads only
  opts.pathspec.count = list.size();
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_index(&raw_diff, repo, tree, index.get(), &opts) != 0)
    return git_failure("diffing the index against HEAD");
  return Diff(raw_diff);
}

} // namespace

Status StagedSource::run(scanner::ChunkSink& sink, std::stop_token) {
  auto repo = open_repository(repo_path_);
  if (!repo) return repo.status();
  if (git_repository_is_bare(repo->get()))
    return Status::error(repo_path_ + ": a bare repository has no index to check");
  auto tree = head_tree(repo->get());
  if (!tree) return tree.status();
  const std::string path = index_path(repo->get(), index_file_);
  // libgit2 reads a missing index file as an empty index: every staged file would look
  // deleted and the check pass. $GIT_INDEX_FILE naming nothing is an error; only the
  // repository's own index may be absent (nothing was ever staged).
  if (!index_file_.empty()) {
    struct stat sb {};
    if (::stat(path.c_str(), &sb) != 0)
      return Status::error("GIT_INDEX_FILE names " + path + ": " + errno_text(errno) +
                           " (the index a commit would write cannot be read)");
  }
  Result<Diff> diff = Status::error("no diff");
  std::optional<IndexFile> file;
  if (tree->get()) // before the first commit all is new
    file = read_index_file(path, git_repository_path(repo->get()));
  if (file) {
    auto paths = staged_paths(repo->get(), tree->get(), *file);
    if (!paths) return paths.status();
    if (paths->changed.empty() && paths->removed.empty()) return Status::ok();
    diff = diff_paths(repo->get(), tree->get(), *paths);
  } else {
    diff = diff_whole_index(repo->get(), tree->get(), path);
  }
  if (!diff) return diff.status();
  if (auto st = find_renames(diff->get()); !st) return st;
  auto added = collect_additions(repo->get(), diff->get(), sink.gate());
  if (!added) return added.status();
  push_runs(*added, scanner::no_index, sink);
  for (const auto& u : added->unread)
    sink.error({u.path, u.status.message(), u.status.kind()});
  return Status::ok();
}

} // namespace keysift::git
