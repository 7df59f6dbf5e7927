// A read-only memory map of a whole file (a pack or its index). Pages a scan has read
// count toward the process's resident memory until released: release() drops them from
// this process (the kernel's page cache keeps them, so a later read costs a minor fault,
// not disk I/O), which is how history audits stay within their memory bound however
// large the packs are. Thread-safe: the bytes are immutable and release() may run while
// other threads read (they fault the pages back in).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "git/pack_format.h"

namespace keysift::git {

class MappedFile {
public:
  static Result<std::shared_ptr<const MappedFile>> open(const std::string& path);
  // Bytes held in memory instead of a map (tests and fuzz targets); release() is a no-op.
  static std::shared_ptr<const MappedFile> hold(std::string name, std::string bytes);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  Bytes bytes() const { return {data_, size_}; }
  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }
  void release() const;

private:
  MappedFile(std::string path, const unsigned char* data, std::size_t size)
      : path_(std::move(path)), data_(data), size_(size) {}
  std::string path_;
  std::string held_; // the bytes, for hold()
  bool mapped_ = true;
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Resident bytes of file-backed pages (all maps of this process), from /proc/self/statm;
// 0 when unknown.
std::size_t resident_file_bytes();

} // namespace keysift::git
