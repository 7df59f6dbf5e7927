#include "git/hooks_dir.h"

#include "git/handles.h"

namespace keysift::git {

Result<std::string> hooks_directory(const std::string& repo_path) {
  auto repo = open_repository(repo_path);
  if (!repo) return repo.status();
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo->get()) != 0)
    return git_failure("reading the repository's config");
  Config config(raw);
  git_buf buf = GIT_BUF_INIT;
  if (git_config_get_path(&buf, config.get(), "core.hooksPath") == 0) {
    std::string path(buf.ptr, buf.size);
    git_buf_dispose(&buf);
    if (!path.empty() && path.front() != '/') {
      const char* top = git_repository_workdir(repo->get());
      path =
          std::string(top != nullptr ? top : git_repository_commondir(repo->get())) + path;
    }
    return path;
  }
  git_error_clear();
  return std::string(git_repository_commondir(repo->get())) + "hooks";
}

} // namespace keysift::git
