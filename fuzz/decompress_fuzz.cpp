// Fuzz target: on-the-fly gzip/zstd decompression (codec/decompress.h), which every
// `scan` input and stdin goes through when its first bytes say it is compressed.
// Invariants: a corrupt or truncated stream is an error, never a crash or a hang; the
// output is bounded (the target stops reading at 64 MiB: a bomb must not run away).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "codec/decompress.h"
#include "fuzz/fuzz_support.h"

using namespace keysift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  const bool zstd = choose.byte() & 1;
  const std::size_t step = 1 + choose.u16(); // how the compressed bytes arrive
  const std::size_t out_step = 1 + choose.u16() % 8192;
  const std::string_view bytes = choose.rest();
  codec::DecompressReader reader(
      zstd ? codec::Compression::zstd : codec::Compression::gzip,
      std::make_unique<fuzz::MemoryReader>(std::string(bytes), step));
  std::string buf(out_step, '\0');
  std::uint64_t total = 0;
  for (;;) {
    auto n = reader.read(buf.data(), buf.size());
    if (!n || *n == 0) break;
    fuzz::check(*n <= buf.size(), "a read fills at most the buffer");
    total += *n;
    if (total > (64u << 20)) break;
  }
  return 0;
}
