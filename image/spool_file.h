// SpoolFile: an anonymous temporary file that holds a stream until it is read back (an
// image piped from `docker save`, or read from a Docker engine). It is unlinked as soon as
// it is created, so nothing is left behind however keysift ends; it is read back through
// /proc/self/fd. Its size is bounded: writing more than the budget fails. Owned by one
// thread; movable, not copyable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace keysift::image {

class SpoolFile {
public:
  // A new, empty spool in `dir` (/tmp when empty), of at most `budget` bytes.
  static Result<SpoolFile> create(const std::string& dir, std::uint64_t budget);

  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&& other) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  // Appends bytes; an error once the budget would be exceeded, or on a write failure.
  Status write(std::string_view bytes);
  // Copies file descriptor `fd` to its end (a pipe, a socket), within the budget.
  Status copy_from(int fd);

  std::uint64_t size() const { return size_; }
  std::uint64_t budget() const { return budget_; }
  // A path that opens the spool ("/proc/self/fd/N"), valid while this object lives.
  std::string path() const;

private:
  SpoolFile(int fd, std::uint64_t budget) : fd_(fd), budget_(budget) {}
  int fd_ = -1;
  std::uint64_t budget_ = 0;
  std::uint64_t size_ = 0;
};

} // namespace keysift::image
