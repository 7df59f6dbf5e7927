// Sharding a history audit over several processes or machines (`keysift git --shard
// I/N`): every shard walks every commit and tree, but scans only the blobs whose object
// id falls to it, so N shards together scan each unique blob exactly once. A blob's
// shard is its id's first four bytes, read big-endian, modulo N: a pure function of the
// id, the same on every machine and for every repository holding the blob (object ids
// are uniformly distributed, so shards get even shares). Shard 0 also reports what the
// walk itself covers (commits, messages, tags, the walk's gaps), so that the shards'
// counts add up to a single run's. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace keysift::git {

// Bound on N: more shards than this are a mistake, not a plan (each walks the history).
inline constexpr std::uint32_t max_shards = 4096;

struct Shard {
  std::uint32_t index = 0, count = 1; // 0 <= index < count

  bool whole() const { return count == 1; }
  // Whether the blob with this raw object id (at least 4 bytes) is this shard's.
  bool holds(const unsigned char* id) const {
    const std::uint32_t prefix = (std::uint32_t{id[0]} << 24) |
                                 (std::uint32_t{id[1]} << 16) |
                                 (std::uint32_t{id[2]} << 8) | std::uint32_t{id[3]};
    return prefix % count == index;
  }
  // Shard 0 reports the walk (commits, messages, tags and their gaps).
  bool reports_walk() const { return index == 0; }
};

// "I/N" with 0 <= I < N <= max_shards, decimal digits only.
Result<Shard> parse_shard(std::string_view text);

} // namespace keysift::git
