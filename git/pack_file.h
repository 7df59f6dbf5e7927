// One pack (.pack and its .idx), memory-mapped: entry headers and inflated entry data by
// offset. The pack is untrusted: open() checks the header against the index, and every
// offset is checked before it is read. Immutable once open: thread-safe (inflate with the
// caller's Inflater).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "git/inflate.h"
#include "git/pack_index.h"

namespace keysift::git {

class PackFile {
public:
  // `idx_path` names the .idx; the .pack beside it is opened too.
  static Result<std::shared_ptr<const PackFile>> open(const std::string& idx_path);
  static Result<std::shared_ptr<const PackFile>>
  from(std::shared_ptr<const MappedFile> idx, std::shared_ptr<const MappedFile> pack);

  const PackIndex& index() const { return index_; }
  const std::string& name() const { return pack_->path(); }
  std::uint64_t size() const { return pack_->size(); }
  // The entry at `offset` (an error unless it lies among the entries).
  Result<EntryHeader> header(std::uint64_t offset) const;
  // Inflates the data of the entry at `offset` (its header `h`) into h.size bytes at
  // `out`.
  Status inflate(Inflater& inflater, std::uint64_t offset, const EntryHeader& h,
                 char* out) const;
  // The compressed bytes of the entry's data (to the end of the entries).
  Bytes compressed(std::uint64_t offset, const EntryHeader& h) const;
  void release() const {
    pack_->release();
    index_.file().release();
  }

private:
  PackFile(PackIndex index, std::shared_ptr<const MappedFile> pack)
      : index_(std::move(index)), pack_(std::move(pack)) {}
  PackIndex index_;
  std::shared_ptr<const MappedFile> pack_;
  std::uint64_t end_ = 0; // entries end here (the trailing checksum follows)
};

} // namespace keysift::git
