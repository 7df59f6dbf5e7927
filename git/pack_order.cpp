// pack_order (declared in blob_reader.h): the order objects sit in the packs.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <tuple>

#include "git/blob_reader.h"

namespace keysift::git {
namespace {

// One pack index (.idx version 2) held in memory: 28 bytes per object or so.
struct PackIndex {
  std::string bytes;
  std::uint32_t count = 0;

  static std::uint32_t be32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) |
           (std::uint32_t{u[2]} << 8) | std::uint32_t{u[3]};
  }

  bool load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (bytes.size() < 8 + 1024 || std::memcmp(bytes.data(), "\377tOc", 4) != 0 ||
        be32(bytes.data() + 4) != 2)
      return false;
    count = be32(bytes.data() + 8 + 255 * 4);
    return bytes.size() >= 8 + 1024 + std::size_t{count} * 28;
  }

  // The object's offset in the pack, or false when this pack does not hold it.
  bool find(const git_oid& oid, std::uint64_t& offset) const {
    const char* names = bytes.data() + 8 + 1024;
    const std::uint8_t first = oid.id[0];
    std::uint32_t lo = first == 0 ? 0 : be32(bytes.data() + 8 + (first - 1) * 4);
    std::uint32_t hi = be32(bytes.data() + 8 + first * 4);
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      const int c = std::memcmp(names + std::size_t{mid} * 20, oid.id, 20);
      if (c == 0) return offset_of(mid, offset);
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    return false;
  }

  bool offset_of(std::uint32_t i, std::uint64_t& offset) const {
    const std::size_t offsets = 8 + 1024 + std::size_t{count} * 24;
    const std::uint32_t small = be32(bytes.data() + offsets + std::size_t{i} * 4);
    if ((small & 0x80000000u) == 0) {
      offset = small;
      return true;
    }
    const std::size_t large =
        offsets + std::size_t{count} * 4 + std::size_t{small & 0x7fffffffu} * 8;
    if (large + 8 > bytes.size()) return false;
    offset =
        (std::uint64_t{be32(bytes.data() + large)} << 32) | be32(bytes.data() + large + 4);
    return true;
  }
};

} // namespace

std::vector<std::size_t> pack_order(const std::string& git_dir,
                                    const std::vector<git_oid>& oids) {
  namespace fs = std::filesystem;
  std::vector<std::size_t> order(oids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(fs::path(git_dir) / "objects" / "pack", ec), end;
       !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".idx") files.push_back(it->path());
  if (files.empty()) return order;
  std::sort(files.begin(), files.end());
  std::vector<PackIndex> packs(files.size());
  for (std::size_t i = 0; i < files.size(); ++i)
    if (!packs[i].load(files[i])) return order;
  using Key = std::tuple<std::size_t, std::uint64_t, std::size_t>; // pack, offset, input
  std::vector<Key> keys;
  keys.reserve(oids.size());
  for (std::size_t i = 0; i < oids.size(); ++i) {
    Key key{packs.size(), 0, i};
    for (std::size_t p = 0; p < packs.size(); ++p) {
      std::uint64_t offset = 0;
      if (packs[p].find(oids[i], offset)) {
        key = {p, offset, i};
        break;
      }
    }
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = std::get<2>(keys[i]);
  return order;
}

} // namespace keysift::git
