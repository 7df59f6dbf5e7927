#include "image/image_files.h"

#include <cerrno>

#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/archive_handle.h"
#include "rules/errno_text.h"
#include "scanner/finding.h"

namespace keysift::image {

bool safe_relative_path(const std::string& name) {
  if (name.empty() || name.front() == '/') return false;
  std::size_t at = 0;
  while (at <= name.size()) {
    std::size_t slash = name.find('/', at);
    if (slash == std::string::npos) slash = name.size();
    const std::string_view part(name.data() + at, slash - at);
    if (part.empty() || part == "..") return false;
    at = slash + 1;
  }
  return true;
}

Result<std::string> ImageFiles::read_small(const std::string& name, std::size_t max) {
  auto r = open(name);
  if (!r) return r.status();
  std::string out;
  char buf[64 << 10];
  for (;;) {
    auto n = (*r)->read(buf, sizeof buf);
    if (!n) return Status::error(name + ": " + n.error(), scanner::gap::corrupt);
    if (*n == 0) return out;
    if (out.size() + *n > max)
      return Status::error(name + ": larger than " + std::to_string(max) + " bytes",
                           scanner::gap::limit);
    out.append(buf, *n);
  }
}

namespace {

// A file descriptor this reader owns.
class OwnedFdReader final : public codec::ByteReader {
public:
  explicit OwnedFdReader(int fd) : fd_(fd), in_(fd) {}
  ~OwnedFdReader() override { ::close(fd_); }
  OwnedFdReader(const OwnedFdReader&) = delete;
  OwnedFdReader& operator=(const OwnedFdReader&) = delete;
  Result<std::size_t> read(char* out, std::size_t n) override { return in_.read(out, n); }

private:
  int fd_;
  codec::FdReader in_;
};

// An OCI layout directory.
class DirFiles final : public ImageFiles {
public:
  explicit DirFiles(std::string root) : root_(std::move(root)) {}
  Result<std::unique_ptr<codec::ByteReader>> open(const std::string& name) override {
    if (!safe_relative_path(name))
      return Status::error(name + ": path escapes the image", scanner::gap::corrupt);
    const std::string path = root_ + "/" + name;
    // Never blocks on a FIFO planted in the layout, and never follows a final symlink
    // out of it.
    const int fd =
        ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0)
      return Status::error(name + ": " + errno_text(errno),
                           errno == ENOENT ? scanner::gap::missing_object
                                           : scanner::gap::unreadable);
    auto reader = std::make_unique<OwnedFdReader>(fd);
    struct stat sb {};
    if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
      return Status::error(name + ": not a regular file", scanner::gap::unreadable);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return std::unique_ptr<codec::ByteReader>(std::move(reader));
  }
  bool exists(const std::string& name) const override {
    struct stat sb {};
    return safe_relative_path(name) && ::stat((root_ + "/" + name).c_str(), &sb) == 0;
  }

private:
  std::string root_;
};

// One member of a tar, read through its own libarchive handle.
class TarMemberReader final : public codec::ByteReader {
public:
  explicit TarMemberReader(ArchiveReader a) : a_(std::move(a)) {}
  Result<std::size_t> read(char* out, std::size_t n) override {
    const la_ssize_t r = archive_read_data(a_.get(), out, n);
    if (r < 0)
      return Status::error(archive_message(a_.get(), "cannot read the tar"),
                           scanner::gap::corrupt);
    return static_cast<std::size_t>(r);
  }

private:
  ArchiveReader a_;
};

std::string strip_dot(std::string name) {
  while (name.compare(0, 2, "./") == 0) name.erase(0, 2);
  return name;
}

// A tar holding an image. The tar is listed once; open() re-reads it up to the member
// (skipping earlier members' data, a seek when the tar is not compressed).
class TarFiles final : public ImageFiles {
public:
  explicit TarFiles(std::string path) : path_(std::move(path)) {}

  Status list() {
    auto a = start();
    if (!a) return a.status();
    archive_entry* e = nullptr;
    int rc;
    while ((rc = archive_read_next_header(a->get(), &e)) == ARCHIVE_OK) {
      if (archive_entry_filetype(e) == AE_IFREG)
        names_.insert(strip_dot(archive_entry_pathname(e)));
    }
    if (rc != ARCHIVE_EOF)
      return Status::error(archive_message(a->get(), "cannot read the tar"));
    // A layout packed with its directory ("img/index.json") is read from that directory.
    if (!names_.count("index.json") && !names_.count("manifest.json"))
      for (const auto& n : names_) {
        const std::size_t slash = n.find('/');
        if (slash == std::string::npos || n.find('/', slash + 1) != std::string::npos)
          continue;
        const std::string base = n.substr(slash + 1);
        if (base == "index.json" || base == "manifest.json")
          prefix_ = n.substr(0, slash + 1);
      }
    return Status::ok();
  }

  Result<std::unique_ptr<codec::ByteReader>> open(const std::string& name) override {
    if (!safe_relative_path(name))
      return Status::error(name + ": path escapes the image", scanner::gap::corrupt);
    if (!exists(name))
      return Status::error(name + ": no such file in the archive",
                           scanner::gap::missing_object);
    auto a = start();
    if (!a) return a.status();
    archive_entry* e = nullptr;
    while (archive_read_next_header(a->get(), &e) == ARCHIVE_OK) {
      if (archive_entry_filetype(e) == AE_IFREG &&
          strip_dot(archive_entry_pathname(e)) == prefix_ + name)
        return std::unique_ptr<codec::ByteReader>(
            std::make_unique<TarMemberReader>(std::move(a).value()));
    }
    return Status::error(name + ": " + archive_message(a->get(), "not found in the tar"),
                         scanner::gap::corrupt);
  }

  bool exists(const std::string& name) const override {
    return names_.count(prefix_ + name) > 0;
  }

private:
  Result<ArchiveReader> start() {
    ArchiveReader a = new_tar_reader();
    if (!a) return Status::error("cannot allocate a tar reader");
    if (archive_read_open_filename(a.get(), path_.c_str(), 1 << 16) != ARCHIVE_OK)
      return Status::error(archive_message(a.get(), "cannot open the tar"));
    return a;
  }

  std::string path_, prefix_;
  std::set<std::string> names_;
};

} // namespace

Result<std::unique_ptr<ImageFiles>> ImageFiles::open_path(const std::string& path) {
  struct stat sb {};
  if (::stat(path.c_str(), &sb) != 0) return Status::error(errno_text(errno));
  if (S_ISDIR(sb.st_mode))
    return std::unique_ptr<ImageFiles>(std::make_unique<DirFiles>(path));
  auto tar = std::make_unique<TarFiles>(path);
  if (auto st = tar->list(); !st) return st;
  return std::unique_ptr<ImageFiles>(std::move(tar));
}

} // namespace keysift::image
