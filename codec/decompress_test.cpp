#include "codec/decompress.h"

#include <cstring>

#include <doctest/doctest.h>
#include <zlib.h>
#include <zstd.h>

using namespace keysift::codec;

namespace {

// Serves a string in pieces of at most `step` bytes, like a pipe.
class PieceReader final : public ByteReader {
public:
  PieceReader(std::string data, std::size_t step) : data_(std::move(data)), step_(step) {}
  keysift::Result<std::size_t> read(char* out, std::size_t n) override {
    const std::size_t take = std::min(std::min(n, step_), data_.size() - at_);
    std::memcpy(out, data_.data() + at_, take);
    at_ += take;
    return take;
  }

private:
  std::string data_;
  std::size_t step_, at_ = 0;
};

std::string gzip(const std::string& in) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}

keysift::Result<std::string> inflate_all(const std::string& packed, std::size_t step) {
  DecompressReader r(detect_compression(packed),
                     std::make_unique<PieceReader>(packed, step));
  std::string out;
  char buf[777];
  for (;;) {
    auto n = r.read(buf, sizeof buf);
    if (!n) return n.status();
    if (*n == 0) return out;
    out.append(buf, *n);
  }
}

std::string sample() {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "line " + std::to_string(i * 7919 % 1000) + "\n";
  return s;
}

} // namespace

TEST_CASE("magic bytes decide the compression") {
  CHECK(detect_compression(gzip("x")) == Compression::gzip);
  CHECK(detect_compression(zstd("x")) == Compression::zstd);
  CHECK(detect_compression("plain text") == Compression::none);
  CHECK(detect_compression("\x1f") == Compression::none);
}

TEST_CASE("gzip and zstd streams decompress whatever the read sizes") {
  const std::string text = sample();
  for (std::size_t step : {1u, 13u, 4096u, 1u << 20}) {
    CHECK(inflate_all(gzip(text), step).value() == text);
    CHECK(inflate_all(zstd(text), step).value() == text);
  }
}

TEST_CASE("concatenated gzip members and zstd frames are read whole") {
  CHECK(inflate_all(gzip("abc\n") + gzip("def\n"), 5).value() == "abc\ndef\n");
  CHECK(inflate_all(zstd("abc\n") + zstd("def\n"), 5).value() == "abc\ndef\n");
}

TEST_CASE("a truncated or corrupt stream is an error") {
  const std::string text = sample();
  const std::string gz = gzip(text), zs = zstd(text);
  CHECK(!inflate_all(gz.substr(0, gz.size() / 2), 100).is_ok());
  CHECK(!inflate_all(zs.substr(0, zs.size() / 2), 100).is_ok());
  std::string bad = gz;
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x55);
  CHECK(!inflate_all(bad, 100).is_ok());
}

TEST_CASE("a stream expanding past the limit is stopped: a decompression bomb") {
  const std::string zeros(8u << 20, '\0');
  for (const bool use_zstd : {false, true}) {
    CAPTURE(use_zstd);
    const std::string packed = use_zstd ? zstd(zeros) : gzip(zeros);
    DecompressLimits limits;
    limits.ratio_floor = 1u << 20;
    limits.max_ratio = 100; // 8 MiB of zeros compress far more than 100x
    DecompressReader bounded(detect_compression(packed),
                             std::make_unique<PieceReader>(packed, 4096), limits);
    std::uint64_t out = 0;
    char buf[65536];
    keysift::Status st;
    for (;;) {
      auto n = bounded.read(buf, sizeof buf);
      if (!n) {
        st = n.status();
        break;
      }
      if (*n == 0) break;
      out += *n;
    }
    REQUIRE_FALSE(st.is_ok());
    CHECK(st.kind() == "limit");
    CHECK(out < (2u << 20)); // stopped soon after the floor
    // Under the default limits (1000x, once past 256 MiB) the same stream reads whole.
    auto whole = inflate_all(packed, 4096);
    REQUIRE(whole.is_ok());
    CHECK(whole->size() == zeros.size());
  }
}
