// A byte-bounded least-recently-used cache of resolved objects, keyed by where they sit
// (pack number and offset): the bases of delta chains, so that resolving the next object
// of a chain applies one delta, not the whole chain again. One per reader thread: not
// thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>

#include "git/object_data.h"

namespace keysift::git {

class BaseCache {
public:
  explicit BaseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  static std::uint64_t key(std::size_t pack, std::uint64_t offset) {
    return (std::uint64_t{pack} << 48) ^ offset;
  }
  ObjectPtr get(std::uint64_t key);
  // Objects larger than a quarter of the budget are not kept: they would evict many
  // smaller bases to serve one chain.
  void put(std::uint64_t key, ObjectPtr object);
  std::size_t bytes() const { return bytes_; }

private:
  using Entry = std::pair<std::uint64_t, ObjectPtr>;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::list<Entry> lru_; // most recent first
  std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index_;
};

} // namespace keysift::git
