#include "git/oid_table.h"

namespace keysift::git {

std::uint32_t OidTable::find(const unsigned char* id) const {
  if (slots_.empty()) return none;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(id) & mask;; i = (i + 1) & mask) {
    const std::uint32_t n = slots_[i];
    if (n == none) return none;
    if (std::memcmp(ids_[n].id, id, GIT_OID_RAWSZ) == 0) return n;
  }
}

std::uint32_t OidTable::insert(const unsigned char* id, bool& inserted) {
  if ((ids_.size() + 1) * 2 > slots_.size()) grow(); // load at most one half
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(id) & mask;; i = (i + 1) & mask) {
    const std::uint32_t n = slots_[i];
    if (n == none) {
      inserted = true;
      slots_[i] = static_cast<std::uint32_t>(ids_.size());
      git_oid copy;
      std::memcpy(copy.id, id, GIT_OID_RAWSZ);
      ids_.push_back(copy);
      return slots_[i];
    }
    if (std::memcmp(ids_[n].id, id, GIT_OID_RAWSZ) == 0) {
      inserted = false;
      return n;
    }
  }
}

void OidTable::reserve(std::size_t n) {
  ids_.reserve(n);
  std::size_t slots = slots_.empty() ? 1024 : slots_.size();
  while ((n + 1) * 2 > slots) slots *= 2;
  if (slots != slots_.size()) rehash(slots);
}

void OidTable::grow() {
  rehash(slots_.empty() ? 1024 : slots_.size() * 2);
}

void OidTable::rehash(std::size_t slots) {
  slots_.assign(slots, none);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t n = 0; n < ids_.size(); ++n) {
    std::size_t i = hash(ids_[n].id) & mask;
    while (slots_[i] != none) i = (i + 1) & mask;
    slots_[i] = n;
  }
}

} // namespace keysift::git
