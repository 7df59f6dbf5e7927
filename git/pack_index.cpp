#include "git/pack_index.h"

#include <algorithm>
#include <cstring>

namespace keysift::git {

std::uint32_t load_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
         (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

namespace {

constexpr std::size_t header_size = 8, fanout_size = std::size_t{256} * 4,
                      trailer_size = 40;

std::uint64_t prefix64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

} // namespace

Result<PackIndex> PackIndex::open(const std::string& path) {
  auto file = MappedFile::open(path);
  if (!file) return file.status();
  return from(std::move(file).value());
}

Result<PackIndex> PackIndex::from(std::shared_ptr<const MappedFile> file) {
  const std::string& path = file->path();
  PackIndex idx;
  idx.file_ = std::move(file);
  const Bytes b = idx.file_->bytes();
  auto bad = [&](const std::string& why) { return Status::error(path + ": " + why); };
  if (b.size() < header_size + fanout_size + trailer_size ||
      std::memcmp(b.data(), "\377tOc", 4) != 0)
    return bad("not a pack index (version 2)");
  if (load_be32(b.data() + 4) != 2) return bad("pack index version is not 2");
  idx.bytes_ = b.data();
  std::uint32_t previous = 0;
  for (std::size_t i = 0; i < 256; ++i) {
    const std::uint32_t v = load_be32(b.data() + header_size + 4 * i);
    if (v < previous) return bad("pack index fan-out is not sorted");
    previous = v;
  }
  idx.count_ = previous;
  const std::size_t n = idx.count_;
  idx.names_ = header_size + fanout_size;
  idx.offsets_ = idx.names_ + n * (GIT_OID_RAWSZ + 4); // past the names and CRCs
  idx.large_ = idx.offsets_ + n * 4;
  if (b.size() < idx.large_ + trailer_size) return bad("pack index is truncated");
  idx.large_count_ = (b.size() - trailer_size - idx.large_) / 8;
  return idx;
}

std::optional<std::uint32_t> PackIndex::find(const git_oid& oid) const {
  const std::size_t first = oid.id[0];
  std::uint32_t lo = first == 0 ? 0 : load_be32(bytes_ + header_size + 4 * (first - 1));
  std::uint32_t hi = load_be32(bytes_ + header_size + 4 * first);
  if (lo >= hi) return std::nullopt;
  // Interpolate on the 64 bits after the first byte while the range is large, then
  // bisect (the ids of a hostile index need not be uniform; it still ends).
  const std::uint64_t key = prefix64(oid.id);
  std::uint64_t lo_key = std::uint64_t{first} << 56;
  std::uint64_t hi_key = lo_key | 0x00ffffffffffffffull;
  while (lo < hi) {
    std::uint32_t mid = lo + (hi - lo) / 2;
    if (hi - lo > 16 && hi_key > lo_key && key >= lo_key && key <= hi_key) {
      const double frac =
          static_cast<double>(key - lo_key) / static_cast<double>(hi_key - lo_key);
      mid = lo + std::min(hi - lo - 1, static_cast<std::uint32_t>(frac * (hi - lo)));
    }
    const unsigned char* name = oid_bytes(mid);
    const int c = std::memcmp(name, oid.id, GIT_OID_RAWSZ);
    if (c == 0) return mid;
    if (c < 0) {
      lo = mid + 1;
      lo_key = prefix64(name);
    } else {
      hi = mid;
      hi_key = prefix64(name);
    }
  }
  return std::nullopt;
}

git_oid PackIndex::oid(std::uint32_t position) const {
  git_oid out;
  std::memcpy(out.id, oid_bytes(position), GIT_OID_RAWSZ);
  return out;
}

std::uint64_t PackIndex::offset(std::uint32_t position) const {
  const std::uint32_t small = load_be32(bytes_ + offsets_ + std::size_t{position} * 4);
  if ((small & 0x80000000u) == 0) return small;
  const std::size_t i = small & 0x7fffffffu;
  if (i >= large_count_) return UINT64_MAX; // outside the table: never a valid offset
  const unsigned char* p = bytes_ + large_ + i * 8;
  return (std::uint64_t{load_be32(p)} << 32) | load_be32(p + 4);
}

std::vector<std::uint32_t> PackIndex::pack_order() const {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(count_);
  for (std::uint32_t i = 0; i < count_; ++i) keyed[i] = {offset(i), i};
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::uint32_t> order(count_);
  for (std::uint32_t i = 0; i < count_; ++i) order[i] = keyed[i].second;
  return order;
}

} // namespace keysift::git
