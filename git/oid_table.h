// A compact set of object ids with a dense number each (0, 1, 2, … in insertion order):
// the ids in one array, an open-addressing table of 32-bit numbers over them. About 28
// bytes per id where std::unordered_map<git_oid, …> takes ~70, which matters for the
// million commits or blobs of a large history. Not thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include <git2.h>

namespace keysift::git {

class OidTable {
public:
  static constexpr std::uint32_t none = UINT32_MAX;
  // The id's number, inserting it if new; `inserted` says which.
  std::uint32_t insert(const unsigned char* id, bool& inserted);
  std::uint32_t insert(const git_oid& id, bool& inserted) {
    return insert(id.id, inserted);
  }
  std::uint32_t find(const unsigned char* id) const;
  // Room for `n` ids without growing (when the count is known ahead: no doubling slack).
  void reserve(std::size_t n);
  std::uint32_t find(const git_oid& id) const { return find(id.id); }
  const git_oid& id(std::uint32_t n) const { return ids_[n]; }
  std::size_t size() const { return ids_.size(); }
  std::size_t memory() const {
    return ids_.capacity() * sizeof(git_oid) + slots_.capacity() * sizeof(std::uint32_t);
  }

private:
  static std::uint64_t hash(const unsigned char* id) {
    std::uint64_t h;
    std::memcpy(&h, id, sizeof h); // ids are uniformly distributed already
    return h;
  }
  void grow();
  void rehash(std::size_t slots);
  std::vector<git_oid> ids_;
  std::vector<std::uint32_t> slots_; // none, or a number; size a power of two
};

} // namespace keysift::git
