// A pack's index (.idx, version 2), read in place from its memory map: the object ids in
// sorted order, each one's offset in the pack. Lookups use the fan-out table and then
// interpolation (object ids are uniformly distributed), so a lookup touches a few cache
// lines, not log2(n). The index is untrusted: open() checks its structure (magic,
// version, monotonic fan-out, sizes), and every offset it yields is checked against the
// pack by the caller. Immutable once open: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "git/mapped_file.h"

namespace keysift::git {

class PackIndex {
public:
  static Result<PackIndex> open(const std::string& path);
  static Result<PackIndex> from(std::shared_ptr<const MappedFile> file);

  std::uint32_t count() const { return count_; }
  // Position of `oid` in the index (sorted by id), if the pack holds it.
  std::optional<std::uint32_t> find(const git_oid& oid) const;
  git_oid oid(std::uint32_t position) const;
  const unsigned char* oid_bytes(std::uint32_t position) const {
    return bytes_ + names_ + std::size_t{position} * GIT_OID_RAWSZ;
  }
  // The entry's offset in the pack (unchecked against the pack's size).
  std::uint64_t offset(std::uint32_t position) const;
  // Positions in the order their entries sit in the pack (by offset).
  std::vector<std::uint32_t> pack_order() const;
  const MappedFile& file() const { return *file_; }

private:
  std::shared_ptr<const MappedFile> file_;
  const unsigned char* bytes_ = nullptr;
  std::uint32_t count_ = 0;
  std::size_t names_ = 0, offsets_ = 0, large_ = 0;
  std::size_t large_count_ = 0;
};

std::uint32_t load_be32(const unsigned char* p);

} // namespace keysift::git
