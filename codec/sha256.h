// SHA-256, used for finding fingerprints (a one-way digest of the secret, so a
// fingerprint can be stored in a baseline without storing the secret) and to verify
// image blobs while they stream. sha256_hex is thread-safe; a Sha256 object is used by
// one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace keysift::codec {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256 {
public:
  Sha256();
  void update(std::string_view data);
  // Lower-case hex digest of everything passed to update(); ends the computation.
  std::string hex();

private:
  std::array<std::uint32_t, 8> h_;
  std::array<unsigned char, 64> block_{};
  std::size_t used_ = 0;    // bytes waiting in block_
  std::uint64_t total_ = 0; // bytes seen
};

} // namespace keysift::codec
