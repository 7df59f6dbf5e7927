// Inflating zlib streams (git's loose objects and pack entries), whole-buffer: the
// inflated size is always known beforehand (an entry header or an object header says
// it), so libdeflate inflates straight into the destination, two to three times faster
// than zlib's streaming inflate (bench/inflate_bench). The input may run on past the end
// of the stream (the rest of a pack). One Inflater per thread: not thread-safe.
#pragma once

#include <cstddef>
#include <memory>

#include "git/pack_format.h"

struct libdeflate_decompressor;

namespace keysift::git {

class Inflater {
public:
  Inflater();
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates the zlib stream at the start of `in` into exactly `size` bytes at `out`.
  // `consumed` gets the bytes of `in` the stream took. An error when the stream is
  // corrupt, truncated, or inflates to any other size.
  Status inflate(Bytes in, char* out, std::size_t size, std::size_t& consumed);

private:
  libdeflate_decompressor* d_ = nullptr;
  bool zlib_ = false;
};

// Every Inflater made after this call inflates with zlib instead of libdeflate: a
// benchmark knob (bench/pack_read's KEYSIFT_INFLATE=zlib), never needed otherwise.
void inflate_with_zlib(bool on);

// The same with zlib, for comparison (bench/inflate_bench) and as a fallback.
Status zlib_inflate(Bytes in, char* out, std::size_t size, std::size_t& consumed);

} // namespace keysift::git
