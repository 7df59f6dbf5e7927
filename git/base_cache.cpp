#include "git/base_cache.h"

namespace keysift::git {

ObjectPtr BaseCache::get(std::uint64_t key) {
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void BaseCache::put(std::uint64_t key, ObjectPtr object) {
  if (!object || object->size() > max_bytes_ / 4) return;
  if (auto it = index_.find(key); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  bytes_ += object->size();
  lru_.emplace_front(key, std::move(object));
  index_.emplace(key, lru_.begin());
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().second->size();
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

} // namespace keysift::git
