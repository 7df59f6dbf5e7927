// On-the-fly decompression of gzip and zstd streams (compressed logs), recognised by
// their magic bytes rather than a file name. Memory is bounded by the codecs' windows
// and one input buffer, whatever the size of the stream. A DecompressReader is used by
// one thread at a time; it owns the reader it wraps.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "codec/byte_reader.h"

namespace keysift::codec {

enum class Compression { none, gzip, zstd };

// What the first bytes of a stream say it is (needs at least 4 bytes to see zstd).
Compression detect_compression(std::string_view head);

// "gzip", "zstd" or "none".
const char* compression_name(Compression c);

// How far a stream may expand: more than `max_ratio` times the compressed bytes read,
// once past `ratio_floor` bytes of output, is a decompression bomb (349 KB of gzip once
// became 4.2 GB). Real logs compress 5-20x, repetitive ones rarely past 200x.
struct DecompressLimits {
  std::uint64_t max_ratio = 1000;
  std::uint64_t ratio_floor = 256u << 20;
};

// Decompresses `inner` (gzip: one or more members; zstd: one or more frames). A stream
// that ends inside a member or frame is an error, never a silent short read; one that
// expands past `limits` is stopped with an error of kind "limit".
class DecompressReader final : public ByteReader {
public:
  DecompressReader(Compression kind, std::unique_ptr<ByteReader> inner,
                   DecompressLimits limits = {});
  ~DecompressReader() override;
  DecompressReader(const DecompressReader&) = delete;
  DecompressReader& operator=(const DecompressReader&) = delete;
  Result<std::size_t> read(char* out, std::size_t n) override;

  class Codec; // the zlib or zstd state

private:
  Status refill();

  std::unique_ptr<ByteReader> inner_;
  std::unique_ptr<Codec> codec_;
  std::string in_;          // compressed bytes read from inner_
  std::size_t in_pos_ = 0;  // consumed from in_
  bool inner_done_ = false; // inner_ reached its end
  DecompressLimits limits_;
  std::uint64_t in_total_ = 0, out_total_ = 0;
};

} // namespace keysift::codec
