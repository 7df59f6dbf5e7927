// BlobIndex: the blobs of a history walk and where they were seen. Each object gets a
// dense number: its position in the first pack holding it (after the packs before it),
// or a number past the packs for a loose one. The walk appends one Location for each
// file a tree reports (git/tree_walk.h), in walk order, so a blob's first location is
// the commit and path that introduced it; grouping and de-duplication per path happen
// once, at the end (locations()). Blobs of trees from before the walk's window are
// marked known and never reported. Memory: two bits per object in the packs, 12 bytes
// per reported file, 28 bytes per loose blob; take_groups() needs 4 bytes per object and
// 12 more per reported file for as long as it runs. Not thread-safe; one walk owns it.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "git/object_reader.h"
#include "git/oid_table.h"

namespace keysift::git {

struct Location {
  std::uint32_t blob = 0;   // the object number
  std::uint32_t commit = 0; // the caller's commit number
  std::uint32_t path = 0;   // a PathTable id
};

class BlobIndex {
public:
  explicit BlobIndex(std::shared_ptr<const ObjectStore> store);

  // The blob `id` was seen at `path` in commit `commit` (or, `known`, before the window).
  void add(const unsigned char* id, std::uint32_t path, std::uint32_t commit, bool known);

  std::uint32_t number(const unsigned char* id);
  // The number of a pack's object (whether or not an earlier pack holds it too).
  // Thread-safe: it reads only what the constructor set.
  std::uint32_t number_of(std::uint32_t pack, std::uint32_t position) const {
    return pack_base_[pack] + position;
  }
  git_oid oid(std::uint32_t blob) const;
  // Where the object sits, for numbers inside the packs.
  bool packed(std::uint32_t blob, std::uint32_t& pack, std::uint32_t& position) const;
  // Blobs to scan (seen in the window, not known), and their count.
  bool wanted(std::uint32_t blob) const { return bit(seen_, blob) && !bit(known_, blob); }
  bool contains(std::uint32_t blob) const { return bit(seen_, blob) || bit(known_, blob); }
  std::size_t wanted_count() const;
  std::uint32_t numbers() const {
    return packed_ + static_cast<std::uint32_t>(loose_.size());
  }

  // Every wanted blob's locations, one per distinct path (the first, in walk order),
  // grouped by blob in the order blobs were first seen: one flat array, each group a
  // slice of it (no allocation per blob: a history has millions).
  class Groups {
  public:
    std::size_t size() const { return begin_.empty() ? 0 : begin_.size() - 1; }
    std::uint32_t blob(std::size_t g) const { return locations_[begin_[g]].blob; }
    std::span<const Location> locations(std::size_t g) const {
      return {locations_.data() + begin_[g], begin_[g + 1] - begin_[g]};
    }

  private:
    friend class BlobIndex;
    std::vector<Location> locations_;
    std::vector<std::uint32_t> begin_; // group g: [begin_[g], begin_[g + 1])
  };
  // Consumes the log.
  Groups take_groups();

private:
  static bool bit(const std::vector<std::uint64_t>& bits, std::uint32_t n) {
    return n / 64 < bits.size() && (bits[n / 64] >> (n % 64)) & 1;
  }
  static void set(std::vector<std::uint64_t>& bits, std::uint32_t n) {
    if (n / 64 >= bits.size()) bits.resize(n / 64 + 1, 0);
    bits[n / 64] |= std::uint64_t{1} << (n % 64);
  }

  std::shared_ptr<const ObjectStore> store_;
  std::vector<std::uint32_t> pack_base_; // first number of each pack
  std::uint32_t packed_ = 0;             // numbers below this are in the packs
  OidTable loose_;                       // the rest
  std::vector<std::uint64_t> seen_, known_;
  std::deque<Location> log_; // grows by blocks: no doubling slack, no copy as it grows
};

} // namespace keysift::git
