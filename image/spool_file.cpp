#include "image/spool_file.h"

#include "rules/errno_text.h"
#include "scanner/finding.h"

#include <cerrno>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace keysift::image {

Result<SpoolFile> SpoolFile::create(const std::string& dir, std::uint64_t budget) {
  const std::string where = dir.empty() ? "/tmp" : dir;
  std::string name = where + "/keysift-image-XXXXXX";
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0)
    return Status::error("cannot create a spool file in " + where + ": " +
                         errno_text(errno));
  ::unlink(name.c_str()); // anonymous from now on: gone when the descriptor closes
  return SpoolFile(fd, budget);
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), budget_(other.budget_), size_(other.size_) {}

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    budget_ = other.budget_;
    size_ = other.size_;
  }
  return *this;
}

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status SpoolFile::write(std::string_view bytes) {
  if (bytes.size() > budget_ - size_)
    return Status::error("the image is larger than the spool budget (" +
                             std::to_string(budget_ >> 20) + " MiB; --max-spool raises it)",
                         scanner::gap::limit);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return Status::error(std::string("cannot write the spool file: ") +
                           errno_text(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
    size_ += static_cast<std::uint64_t>(n);
  }
  return Status::ok();
}

Status SpoolFile::copy_from(int fd) {
  std::string buffer(1 << 20, '\0');
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::error(std::string("cannot read: ") + errno_text(errno));
    if (n == 0) return Status::ok();
    if (auto st = write(std::string_view(buffer.data(), static_cast<std::size_t>(n))); !st)
      return st;
  }
}

std::string SpoolFile::path() const {
  return "/proc/self/fd/" + std::to_string(fd_);
}

} // namespace keysift::image
