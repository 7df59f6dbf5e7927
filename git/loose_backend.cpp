#include "git/loose_backend.h"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "git/handles.h"
#include "git/loose_object.h"

namespace keysift::git {
namespace {
namespace fs = std::filesystem;

constexpr std::uint64_t max_loose_object = 1ull << 30; // as ReaderLimits::max_object
constexpr int loose_priority = 1;                      // libgit2's own priorities
constexpr int packed_priority = 2;
constexpr int max_alternate_depth = 5; // as libgit2: alternates of alternates
constexpr std::size_t hex_size = 40;   // a SHA-1 id (keysift refuses SHA-256 repositories)

struct LooseBackend : git_odb_backend {
  std::string objects; // the objects directory
};

LooseBackend& self(git_odb_backend* b) {
  return *static_cast<LooseBackend*>(b);
}

std::string path_of(const LooseBackend& b, const std::string& hex) {
  return b.objects + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

int failed(const Status& st) {
  git_error_set_str(GIT_ERROR_ODB, st.message().c_str());
  return -1;
}

bool is_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

int read_path(void** data, std::size_t* len, git_object_t* type, git_odb_backend* b,
              const std::string& path) {
  void* buf = nullptr;
  auto head = inflate_loose(path, max_loose_object, [&](PackType, std::size_t size) {
    buf = git_odb_backend_data_alloc(b, size + 1);
    return static_cast<char*>(buf);
  });
  if (!head) {
    if (buf != nullptr) git_odb_backend_data_free(b, buf);
    return failed(head.status());
  }
  static_cast<char*>(buf)[head->size] = '\0'; // libgit2's buffers end with a NUL
  *data = buf;
  *len = static_cast<std::size_t>(head->size);
  *type = static_cast<git_object_t>(head->type); // PackType uses git's type numbers
  return 0;
}

int read(void** data, std::size_t* len, git_object_t* type, git_odb_backend* b,
         const git_oid* oid) {
  const std::string path = path_of(self(b), oid_hex(*oid));
  if (!is_file(path)) return GIT_ENOTFOUND;
  return read_path(data, len, type, b, path);
}

int read_header(std::size_t* len, git_object_t* type, git_odb_backend* b,
                const git_oid* oid) {
  const std::string path = path_of(self(b), oid_hex(*oid));
  if (!is_file(path)) return GIT_ENOTFOUND;
  auto head = read_loose_header(path);
  if (!head) return failed(head.status());
  *len = static_cast<std::size_t>(head->size);
  *type = static_cast<git_object_t>(head->type);
  return 0;
}

int exists(git_odb_backend* b, const git_oid* oid) {
  return is_file(path_of(self(b), oid_hex(*oid))) ? 1 : 0;
}

// The one loose object whose id starts with the first `len` hex digits of `prefix`.
int find_prefix(git_oid* out, git_odb_backend* b, const git_oid* prefix, std::size_t len) {
  const std::string hex = oid_hex(*prefix).substr(0, len);
  if (len < 2) return GIT_ENOTFOUND;
  std::string found;
  std::error_code ec;
  for (fs::directory_iterator it(self(b).objects + "/" + hex.substr(0, 2), ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() != hex_size - 2 || name.compare(0, len - 2, hex, 2) != 0) continue;
    if (!found.empty()) {
      git_error_set_str(GIT_ERROR_ODB, "ambiguous object id prefix");
      return GIT_EAMBIGUOUS;
    }
    found = hex.substr(0, 2) + name;
  }
  if (found.empty() || git_oid_fromstr(out, found.c_str()) != 0) return GIT_ENOTFOUND;
  return 0;
}

int exists_prefix(git_oid* out, git_odb_backend* b, const git_oid* prefix,
                  std::size_t len) {
  return find_prefix(out, b, prefix, len);
}

int read_prefix(git_oid* out, void** data, std::size_t* len, git_object_t* type,
                git_odb_backend* b, const git_oid* prefix, std::size_t hex_len) {
  if (const int rc = find_prefix(out, b, prefix, hex_len); rc != 0) return rc;
  return read_path(data, len, type, b, path_of(self(b), oid_hex(*out)));
}

int refresh(git_odb_backend*) {
  return 0;
} // nothing cached

int for_each(git_odb_backend* b, git_odb_foreach_cb cb, void* payload) {
  std::error_code ec;
  for (fs::directory_iterator dir(self(b).objects, ec), end; !ec && dir != end;
       dir.increment(ec)) {
    const std::string top = dir->path().filename().string();
    if (top.size() != 2 || !std::isxdigit(static_cast<unsigned char>(top[0])) ||
        !std::isxdigit(static_cast<unsigned char>(top[1])))
      continue;
    std::error_code ec2;
    for (fs::directory_iterator it(dir->path(), ec2); !ec2 && it != end;
         it.increment(ec2)) {
      git_oid oid;
      const std::string hex = top + it->path().filename().string();
      if (hex.size() != hex_size || git_oid_fromstr(&oid, hex.c_str()) != 0) continue;
      if (const int rc = cb(&oid, payload); rc != 0) return rc;
    }
  }
  return 0;
}

void free_backend(git_odb_backend* b) {
  delete &self(b);
}

git_odb_backend* make_loose_backend(const std::string& objects) {
  auto* b = new LooseBackend();
  git_odb_init_backend(b, GIT_ODB_BACKEND_VERSION);
  b->objects = objects;
  b->read = read;
  b->read_prefix = read_prefix;
  b->read_header = read_header;
  b->exists = exists;
  b->exists_prefix = exists_prefix;
  b->refresh = refresh;
  b->foreach = for_each;
  b->free = free_backend;
  return b;
}

// The objects directory's packs and loose objects, then its alternates' (as libgit2's
// default database has them).
Status add_objects_dir(git_odb* odb, const std::string& objects, int depth) {
  git_odb_backend* pack = nullptr;
  if (git_odb_backend_pack(&pack, objects.c_str()) != 0)
    return git_failure(objects + ": opening the packs");
  git_odb_backend* loose = make_loose_backend(objects);
  const bool alternate = depth > 0;
  const auto add = [&](git_odb_backend* backend, int priority) {
    return alternate ? git_odb_add_alternate(odb, backend, priority)
                     : git_odb_add_backend(odb, backend, priority);
  };
  if (add(pack, packed_priority) != 0) {
    pack->free(pack);
    loose->free(loose);
    return git_failure(objects + ": adding the packs");
  }
  if (add(loose, loose_priority) != 0) {
    loose->free(loose);
    return git_failure(objects + ": adding the loose objects");
  }
  std::ifstream alternates(objects + "/info/alternates");
  std::string line;
  while (std::getline(alternates, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (depth >= max_alternate_depth)
      return Status::error(objects + ": alternates nested more than " +
                           std::to_string(max_alternate_depth) + " deep");
    const fs::path alt =
        fs::path(line).is_absolute() ? fs::path(line) : fs::path(objects) / line;
    if (auto st = add_objects_dir(odb, alt.lexically_normal().string(), depth + 1); !st)
      return st;
  }
  return Status::ok();
}

} // namespace

Status use_checked_loose_objects(git_repository* repo) {
  git_odb* raw = nullptr;
  if (git_odb_new(&raw) != 0) return git_failure("creating an object database");
  Odb odb(raw);
  const std::string objects = std::string(git_repository_commondir(repo)) + "objects";
  if (auto st = add_objects_dir(odb.get(), objects, 0); !st) return st;
  if (git_repository_set_odb(repo, odb.get()) != 0)
    return git_failure("setting the object database");
  return Status::ok(); // the repository holds its own reference to the database
}

} // namespace keysift::git
