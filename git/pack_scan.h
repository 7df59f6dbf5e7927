// Reading every blob of a pack in pack order, each delta chain resolved once: the pack's
// deltas form a forest (each delta's base is its parent), and a walk of it from each
// whole blob applies each delta to its parent's bytes, already in memory, so no object is
// inflated twice and no chain is followed again (what git index-pack does). Whole blobs
// are handed out in pack order to any number of threads; each thread walks the trees it
// takes depth first, keeping only the bytes of the ancestors still to be used (a linear
// chain holds one), and dropping them, past a budget, to be read again by offset.
//
// A consumer sees each wanted blob with the delta that made it from its parent and the
// note (Memo) it left on that parent: what delta-aware scanning builds on.
//
// PackPlan is built once (one thread) and is then immutable; next_root() and walk() may
// be called from any number of threads, each with its own ObjectReader and consumer.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "git/object_reader.h"

namespace keysift::git {

// What a consumer keeps about a blob for the blobs stored as deltas against it.
struct Memo {
  virtual ~Memo() = default;
};
using MemoPtr = std::shared_ptr<const Memo>;

struct BlobVisit {
  std::uint32_t pack = 0, position = 0; // the blob: its pack and index position
  std::string_view data;                // its bytes
  // When the blob is a delta whose base was visited and is still held: the delta, the
  // base's bytes and the consumer's memo of it. Otherwise delta is empty.
  Bytes delta;
  std::string_view base;
  const Memo* base_memo = nullptr;
};

class BlobConsumer {
public:
  virtual ~BlobConsumer() = default;
  // Returns the memo for this blob's own deltas (null: none).
  virtual MemoPtr visit(const BlobVisit& blob) = 0;
  // An object of the pack that could not be read (its descendants are not visited).
  virtual void failed(std::uint32_t pack, std::uint32_t position, const Status& why) = 0;
};

struct PackPlanStats {
  std::uint64_t objects = 0, blobs = 0, whole_blobs = 0, delta_blobs = 0;
  std::uint64_t wanted = 0, bad = 0;
};

class PackPlan {
public:
  using Wanted = std::function<bool(std::uint32_t position)>;
  // Reads every entry header of pack `pack` of `store`. `wanted(position)` selects the
  // blobs to visit (their bases are read as needed, visited or not). Objects that also
  // sit in an earlier pack of the store are not visited here.
  static Result<std::unique_ptr<PackPlan>>
  build(const std::shared_ptr<const ObjectStore>& store, std::uint32_t pack,
        const Wanted& wanted);

  const PackPlanStats& stats() const { return stats_; }
  // Takes the next tree to walk (thread-safe); false when none is left.
  bool next_root(std::uint32_t& root);
  // Walks the tree under `root` (from next_root()), depth first. `held_budget` bounds the
  // bytes of ancestors kept for their deltas.
  void walk(std::uint32_t root, ObjectReader& reader, BlobConsumer& consumer,
            std::size_t held_budget = 64u << 20) const;

private:
  enum Kind : std::uint8_t { other, blob, bad };
  struct Frame;
  std::uint32_t pack_ = 0;
  const PackFile* file_ = nullptr;
  // Only the objects the walks need (wanted blobs and the bases they need), numbered
  // densely in pack order: 13 bytes each, nothing for the pack's trees, commits and
  // unwanted blobs (the plans live as long as the audit).
  std::vector<std::uint32_t> position_; // needed -> index position
  std::vector<std::uint8_t> visit_;     // needed -> 1 visit, 0 only a base of one
  std::vector<std::uint32_t> first_child_, children_; // CSR by needed number
  std::vector<std::uint32_t> roots_; // needed number of each tree's root, in pack order
  std::atomic<std::size_t> next_{0};
  PackPlanStats stats_;
};

} // namespace keysift::git
