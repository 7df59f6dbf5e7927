#include "git/inflate.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <new>

#include <libdeflate.h>
#include <zlib.h>

namespace keysift::git {

namespace {
std::atomic<bool> with_zlib{false};
} // namespace

void inflate_with_zlib(bool on) {
  with_zlib = on;
}

Inflater::Inflater() : d_(libdeflate_alloc_decompressor()), zlib_(with_zlib) {
  if (d_ == nullptr) throw std::bad_alloc();
}

Inflater::~Inflater() {
  libdeflate_free_decompressor(d_);
}

Status Inflater::inflate(Bytes in, char* out, std::size_t size, std::size_t& consumed) {
  if (zlib_) return zlib_inflate(in, out, size, consumed);
  std::size_t produced = 0;
  const auto rc = libdeflate_zlib_decompress_ex(d_, in.data(), in.size(), out, size,
                                                &consumed, &produced);
  switch (rc) {
  case LIBDEFLATE_SUCCESS:
    if (produced != size)
      return Status::error("zlib stream inflates to " + std::to_string(produced) +
                           " bytes, " + std::to_string(size) + " declared");
    return Status::ok();
  case LIBDEFLATE_INSUFFICIENT_SPACE:
    return Status::error("zlib stream inflates to more than the " + std::to_string(size) +
                         " bytes declared");
  default:
    return Status::error("corrupt or truncated zlib stream");
  }
}

Status zlib_inflate(Bytes in, char* out, std::size_t size, std::size_t& consumed) {
  if (size > UINT32_MAX - 1) return Status::error("zlib: object too large");
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Status::error("zlib: out of memory");
  z.next_in = const_cast<unsigned char*>(in.data());
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
  unsigned char spare = 0; // an empty object: zlib wants room to make progress
  z.next_out = size == 0 ? &spare : reinterpret_cast<unsigned char*>(out);
  z.avail_out = size == 0 ? 1 : static_cast<uInt>(size);
  // Z_FINISH with room for exactly `size` bytes: a longer stream stops short of its end.
  const int rc = ::inflate(&z, Z_FINISH);
  consumed = z.total_in;
  const bool ok = rc == Z_STREAM_END && z.total_out == size;
  inflateEnd(&z);
  if (!ok)
    return Status::error("corrupt or truncated zlib stream, or not the declared size");
  return Status::ok();
}

} // namespace keysift::git
