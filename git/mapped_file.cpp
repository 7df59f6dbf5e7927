#include "git/mapped_file.h"

#include <cerrno>
#include <fstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/errno_text.h"

namespace keysift::git {

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return Status::error(path + ": " + errno_text(errno));
  struct stat sb {};
  if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    ::close(fd);
    return Status::error(path + ": not a regular file");
  }
  const auto size = static_cast<std::size_t>(sb.st_size);
  void* map = nullptr;
  if (size > 0) {
    map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return Status::error(path + ": mmap: " + errno_text(err));
    }
  }
  ::close(fd); // the map keeps the file
  return std::shared_ptr<const MappedFile>(
      new MappedFile(path, static_cast<const unsigned char*>(map), size));
}

std::shared_ptr<const MappedFile> MappedFile::hold(std::string name, std::string bytes) {
  std::shared_ptr<MappedFile> out(new MappedFile(std::move(name), nullptr, 0));
  out->held_ = std::move(bytes);
  out->data_ = reinterpret_cast<const unsigned char*>(out->held_.data());
  out->size_ = out->held_.size();
  out->mapped_ = false;
  return out;
}

MappedFile::~MappedFile() {
  if (mapped_ && size_ > 0) ::munmap(const_cast<unsigned char*>(data_), size_);
}

void MappedFile::release() const {
  if (mapped_ && size_ > 0)
    ::madvise(const_cast<unsigned char*>(data_), size_, MADV_DONTNEED);
}

std::size_t resident_file_bytes() {
  std::ifstream statm("/proc/self/statm");
  unsigned long size = 0, resident = 0, shared = 0;
  if (!(statm >> size >> resident >> shared)) return 0;
  return static_cast<std::size_t>(shared) *
         static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

} // namespace keysift::git
