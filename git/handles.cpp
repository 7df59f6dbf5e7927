#include "git/handles.h"

#include <cstddef>
#include <mutex>

#include "git/loose_backend.h"

namespace keysift::git {

void ensure_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init(); // never shut down: handles may outlive main's locals
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // libgit2 maps packs in windows of 1 GiB and keeps up to 8 GiB mapped by default,
    // and caches up to 256 MiB of parsed objects; every page it touches counts in
    // keysift's RSS. keysift's own pack reader does the bulk reading, so libgit2 (refs,
    // commits of findings, loose fallbacks) gets little: a history audit's memory bound
    // counts these 32 + 16 MiB.
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, std::size_t{8} << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, std::size_t{32} << 20);
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(16) << 20);
  });
}

Status git_failure(std::string_view what) {
  const git_error* e = git_error_last();
  std::string msg(what);
  if (e != nullptr && e->message != nullptr) msg += std::string(": ") + e->message;
  return Status::error(std::move(msg));
}

Result<Repository> open_repository(const std::string& path) {
  ensure_libgit2();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, path.c_str(), 0, nullptr) != 0)
    return git_failure(path + ": not a git repository");
  Repository repo(raw);
  // Before any object is read: libgit2's own loose reader overflows on a lying header.
  if (auto st = use_checked_loose_objects(repo.get()); !st)
    return Status::error(path + ": " + st.message());
  return repo;
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

} // namespace keysift::git
