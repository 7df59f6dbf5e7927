#include "git/commit_select.h"

#include <sstream>

namespace keysift::git {
namespace {

Result<git_oid> resolve_commit(git_repository* repo, const std::string& spec,
                               const std::string& role) {
  git_object* raw = nullptr;
  const int rc = git_revparse_single(&raw, repo, (spec + "^{commit}").c_str());
  if (rc == 0) {
    Object obj(raw);
    return *git_object_id(obj.get());
  }
  if (rc == GIT_ENOTFOUND && git_repository_is_shallow(repo) == 1)
    return Status::error(role + " '" + spec +
                         "' is not in this shallow clone, so the range cannot be "
                         "checked: fetch more history (git fetch --deepen=N, or "
                         "--unshallow) or check out with fetch-depth 0");
  return git_failure(role + " '" + spec + "' is not a commit here");
}

Result<Revwalk> new_walk(git_repository* repo) {
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo) != 0) return git_failure("starting a history walk");
  Revwalk walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  return walk;
}

Result<std::vector<git_oid>> drain(git_revwalk* walk, git_repository* repo,
                                   const std::string& what) {
  std::vector<git_oid> out;
  git_oid oid;
  int rc = 0;
  while ((rc = git_revwalk_next(&oid, walk)) == 0) out.push_back(oid);
  if (rc != GIT_ITEROVER) {
    Status st = git_failure("walking " + what);
    if (git_repository_is_shallow(repo) == 1)
      return Status::error(st.message() +
                           " (a shallow clone: fetch more history, or --unshallow)");
    return st;
  }
  return out;
}

bool all_zeros(const std::string& hex) {
  return !hex.empty() && hex.find_first_not_of('0') == std::string::npos;
}

} // namespace

Result<std::vector<git_oid>> range_commits(git_repository* repo, const std::string& range) {
  const auto dots = range.find("..");
  if (dots == std::string::npos || range.find("...") != std::string::npos || dots == 0)
    return Status::error("--range wants BASE..HEAD (two dots), got '" + range + "'");
  const std::string base = range.substr(0, dots);
  std::string head = range.substr(dots + 2);
  if (head.empty()) head = "HEAD";
  auto head_oid = resolve_commit(repo, head, "HEAD");
  if (!head_oid) return head_oid.status();
  auto base_oid = resolve_commit(repo, base, "BASE");
  if (!base_oid) return base_oid.status();
  auto walk = new_walk(repo);
  if (!walk) return walk.status();
  if (git_revwalk_push(walk->get(), &*head_oid) != 0 ||
      git_revwalk_hide(walk->get(), &*base_oid) != 0)
    return git_failure("walking " + range);
  return drain(walk->get(), repo, range);
}

Result<std::vector<git_oid>> pre_push_commits(git_repository* repo, std::istream& in,
                                              std::size_t& refs_out,
                                              std::vector<PushedTag>* tags) {
  auto walk = new_walk(repo);
  if (!walk) return walk.status();
  bool pushed = false, hide_remotes = false;
  std::string line;
  refs_out = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string local_ref, local_sha, remote_ref, remote_sha;
    if (!(fields >> local_ref >> local_sha >> remote_ref >> remote_sha))
      return Status::error("pre-push: expected '<local ref> <local sha> <remote ref> "
                           "<remote sha>', got '" +
                           line + "'");
    ++refs_out;
    if (all_zeros(local_sha)) continue; // a deletion sends nothing
    git_oid local, remote;
    if (git_oid_fromstr(&local, local_sha.c_str()) != 0 ||
        git_revwalk_push(walk->get(), &local) != 0)
      return git_failure("pre-push: local sha " + local_sha + " of " + local_ref);
    pushed = true;
    if (tags != nullptr && local_ref.starts_with("refs/tags/") && local_sha != remote_sha)
      tags->push_back({local_ref.substr(10), local});
    if (all_zeros(remote_sha) || git_oid_fromstr(&remote, remote_sha.c_str()) != 0 ||
        git_revwalk_hide(walk->get(), &remote) != 0) {
      git_error_clear();
      hide_remotes = true; // a new branch, or a remote tip we have not fetched
    }
  }
  if (!pushed) return std::vector<git_oid>{};
  if (hide_remotes && git_revwalk_hide_glob(walk->get(), "refs/remotes/*") != 0)
    return git_failure("pre-push: reading remote-tracking refs");
  return drain(walk->get(), repo, "the commits to push");
}

} // namespace keysift::git
