#include "git/blob_index.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace keysift::git {

BlobIndex::BlobIndex(std::shared_ptr<const ObjectStore> store) : store_(std::move(store)) {
  for (const auto& pack : store_->packs()) {
    pack_base_.push_back(packed_);
    packed_ += pack->index().count();
  }
}

std::uint32_t BlobIndex::number(const unsigned char* id) {
  git_oid oid;
  std::memcpy(oid.id, id, GIT_OID_RAWSZ);
  if (auto at = store_->find(oid)) return pack_base_[at->pack] + at->position;
  bool inserted = false;
  return packed_ + loose_.insert(id, inserted);
}

git_oid BlobIndex::oid(std::uint32_t blob) const {
  std::uint32_t pack = 0, position = 0;
  if (packed(blob, pack, position)) return store_->packs()[pack]->index().oid(position);
  return loose_.id(blob - packed_);
}

bool BlobIndex::packed(std::uint32_t blob, std::uint32_t& pack,
                       std::uint32_t& position) const {
  if (blob >= packed_) return false;
  const auto it = std::upper_bound(pack_base_.begin(), pack_base_.end(), blob);
  pack = static_cast<std::uint32_t>(it - pack_base_.begin() - 1);
  position = blob - pack_base_[pack];
  return true;
}

void BlobIndex::add(const unsigned char* id, std::uint32_t path, std::uint32_t commit,
                    bool known) {
  const std::uint32_t n = number(id);
  if (known) {
    set(known_, n);
    return;
  }
  if (bit(known_, n)) return;
  set(seen_, n);
  log_.push_back({n, commit, path});
}

std::size_t BlobIndex::wanted_count() const {
  std::size_t count = 0;
  for (std::size_t w = 0; w < seen_.size(); ++w) {
    const std::uint64_t known = w < known_.size() ? known_[w] : 0;
    count += static_cast<std::size_t>(__builtin_popcountll(seen_[w] & ~known));
  }
  return count;
}

BlobIndex::Groups BlobIndex::take_groups() {
  std::deque<Location> log = std::move(log_);
  log_ = {};
  // Blobs in the order they were first seen; each blob's entries in walk order: a
  // counting sort by that order (stable), into one array.
  std::vector<std::uint32_t> first(numbers(), UINT32_MAX);
  std::uint32_t order = 0;
  for (const auto& l : log)
    if (first[l.blob] == UINT32_MAX) first[l.blob] = order++;
  std::vector<std::uint32_t> fill(std::size_t{order} + 1, 0);
  for (const auto& l : log) ++fill[first[l.blob] + 1];
  for (std::size_t g = 0; g < order; ++g) fill[g + 1] += fill[g];
  Groups out;
  out.locations_.resize(log.size());
  for (const auto& l : log) out.locations_[fill[first[l.blob]]++] = l;
  log = {};
  first = {};
  fill = {};
  // One location per distinct path, for wanted blobs only, compacted in place.
  std::size_t kept = 0;
  std::unordered_set<std::uint32_t> paths;
  std::uint32_t group_blob = UINT32_MAX; // the blob whose entries are being read
  bool started = false;                  // whether that blob has a group yet
  for (std::size_t i = 0; i < out.locations_.size(); ++i) {
    const Location l = out.locations_[i]; // kept <= i: not overwritten yet
    if (l.blob != group_blob) {
      group_blob = l.blob;
      started = false;
      paths.clear();
    }
    if (!wanted(l.blob) || !paths.insert(l.path).second) continue;
    if (!started) {
      out.begin_.push_back(static_cast<std::uint32_t>(kept));
      started = true;
    }
    out.locations_[kept++] = l;
  }
  out.locations_.resize(kept);
  out.locations_.shrink_to_fit();
  out.begin_.push_back(static_cast<std::uint32_t>(kept));
  return out;
}

} // namespace keysift::git
