#include "git/revision_file.h"

namespace keysift::git {
namespace {

using TreeEntry = GitPtr<git_tree_entry, git_tree_entry_free>;

Result<Object> peel(git_repository* repo, const std::string& rev, const char* suffix) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo, (rev + suffix).c_str()) != 0)
    return git_failure("'" + rev + "' is not a commit here");
  return Object(raw);
}

} // namespace

Result<std::string> commit_id(git_repository* repo, const std::string& rev) {
  auto obj = peel(repo, rev, "^{commit}");
  if (!obj) return obj.status();
  return oid_hex(*git_object_id(obj->get()));
}

Result<std::optional<std::string>> read_file_at(git_repository* repo,
                                                const std::string& rev,
                                                const std::string& path,
                                                std::size_t max_bytes) {
  auto tree = peel(repo, rev, "^{tree}");
  if (!tree) return tree.status();
  git_tree_entry* raw = nullptr;
  const int rc = git_tree_entry_bypath(&raw, reinterpret_cast<const git_tree*>(tree->get()),
                                       path.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<std::string>();
  }
  if (rc != 0) return git_failure(rev + ":" + path);
  TreeEntry entry(raw);
  if (git_tree_entry_filemode(entry.get()) != GIT_FILEMODE_BLOB &&
      git_tree_entry_filemode(entry.get()) != GIT_FILEMODE_BLOB_EXECUTABLE)
    return Status::error(rev + ":" + path + ": not a regular file");
  git_blob* blob_raw = nullptr;
  if (git_blob_lookup(&blob_raw, repo, git_tree_entry_id(entry.get())) != 0)
    return git_failure("reading " + rev + ":" + path);
  Blob blob(blob_raw);
  const auto size = static_cast<std::uint64_t>(git_blob_rawsize(blob.get()));
  if (size > max_bytes)
    return Status::error(rev + ":" + path + ": " + std::to_string(size) +
                         " bytes, more than such a file may hold");
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::optional<std::string>(std::string(data, static_cast<std::size_t>(size)));
}

std::string work_tree(git_repository* repo) {
  const char* dir = git_repository_workdir(repo);
  return dir ? std::string(dir) : std::string();
}

} // namespace keysift::git
