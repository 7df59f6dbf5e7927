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

std::vector<BlobIndex::Group> BlobIndex::take_groups() {
  std::vector<Location> log = std::move(log_);
  log_.clear();
  // Blobs in the order they were first seen; each blob's entries in walk order.
  std::vector<std::uint32_t> first(numbers(), UINT32_MAX);
  std::uint32_t order = 0;
  for (const auto& l : log)
    if (first[l.blob] == UINT32_MAX) first[l.blob] = order++;
  std::stable_sort(log.begin(), log.end(), [&](const Location& a, const Location& b) {
    return first[a.blob] < first[b.blob];
  });
  std::vector<Group> out;
  out.reserve(order);
  std::unordered_set<std::uint32_t> paths;
  for (const auto& l : log) {
    if (out.empty() || out.back().blob != l.blob) {
      out.push_back({l.blob, {}});
      paths.clear();
    }
    if (wanted(l.blob) && paths.insert(l.path).second) out.back().locations.push_back(l);
  }
  std::erase_if(out, [](const Group& g) { return g.locations.empty(); });
  return out;
}

} // namespace keysift::git
