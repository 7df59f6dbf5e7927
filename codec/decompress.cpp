#include "codec/decompress.h"

#include <algorithm>

#include <zlib.h>
#include <zstd.h>

#include "rules/status.h"

namespace keysift::codec {

Compression detect_compression(std::string_view head) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 3 && byte(0) == 0x1f && byte(1) == 0x8b && byte(2) == 8)
    return Compression::gzip;
  if (head.size() >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f &&
      byte(3) == 0xfd)
    return Compression::zstd;
  return Compression::none;
}

const char* compression_name(Compression c) {
  switch (c) {
  case Compression::gzip:
    return "gzip";
  case Compression::zstd:
    return "zstd";
  case Compression::none:
    break;
  }
  return "none";
}

// One decompression step: consumes from `in`, writes to `out`; `idle` says whether the
// codec is between members/frames (so the input may end there).
class DecompressReader::Codec {
public:
  virtual ~Codec() = default;
  struct Step {
    std::size_t consumed = 0, produced = 0;
  };
  virtual Result<Step> step(std::string_view in, char* out, std::size_t n) = 0;
  virtual bool idle() const = 0;
};

namespace {

class GzipCodec final : public DecompressReader::Codec {
public:
  // zlib's state points back at its z_stream, so the codec never moves (it lives in a
  // unique_ptr) and inflateEnd runs in the destructor.
  GzipCodec() { failed_ = inflateInit2(&z_, 15 + 16) != Z_OK; }
  ~GzipCodec() override {
    if (!failed_) inflateEnd(&z_);
  }
  GzipCodec(const GzipCodec&) = delete;
  GzipCodec& operator=(const GzipCodec&) = delete;
  Result<Step> step(std::string_view in, char* out, std::size_t n) override {
    if (failed_) return Status::error("gzip: cannot initialise zlib");
    if (idle_ && !in.empty()) { // a new member follows
      if (inflateReset(&z_) != Z_OK) return Status::error("gzip: reset failed");
      idle_ = false;
    }
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), 1u << 30));
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    const uInt avail_in = z_.avail_in, avail_out = z_.avail_out;
    const int rc = inflate(&z_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END)
      idle_ = true;
    else if (rc != Z_OK && rc != Z_BUF_ERROR)
      return Status::error(std::string("gzip: ") + (z_.msg ? z_.msg : "corrupt data"),
                           gap::corrupt);
    return Step{avail_in - z_.avail_in, avail_out - z_.avail_out};
  }
  bool idle() const override { return idle_; }

private:
  z_stream z_{};
  bool failed_ = false, idle_ = false;
};

struct ZstdFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class ZstdCodec final : public DecompressReader::Codec {
public:
  ZstdCodec() : d_(ZSTD_createDCtx()) {}
  Result<Step> step(std::string_view in, char* out, std::size_t n) override {
    if (!d_) return Status::error("zstd: cannot create a decompression context");
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    ZSTD_outBuffer ob{out, n, 0};
    const std::size_t rc = ZSTD_decompressStream(d_.get(), &ob, &ib);
    if (ZSTD_isError(rc))
      return Status::error(std::string("zstd: ") + ZSTD_getErrorName(rc), gap::corrupt);
    idle_ = rc == 0; // a frame is complete and fully flushed
    return Step{ib.pos, ob.pos};
  }
  bool idle() const override { return idle_; }

private:
  std::unique_ptr<ZSTD_DCtx, ZstdFree> d_;
  bool idle_ = true;
};

} // namespace

DecompressReader::DecompressReader(Compression kind, std::unique_ptr<ByteReader> inner,
                                   DecompressLimits limits)
    : inner_(std::move(inner)), limits_(limits) {
  if (kind == Compression::zstd)
    codec_ = std::make_unique<ZstdCodec>();
  else
    codec_ = std::make_unique<GzipCodec>();
}

DecompressReader::~DecompressReader() = default;

Status DecompressReader::refill() {
  in_.resize(256u << 10);
  auto r = inner_->read(in_.data(), in_.size());
  if (!r) return r.status();
  in_.resize(*r);
  in_pos_ = 0;
  in_total_ += *r;
  if (*r == 0) inner_done_ = true;
  return Status::ok();
}

Result<std::size_t> DecompressReader::read(char* out, std::size_t n) {
  if (n == 0) return std::size_t{0};
  for (;;) {
    if (in_pos_ == in_.size() && !inner_done_) {
      if (auto st = refill(); !st) return st;
    }
    if (in_pos_ == in_.size() && inner_done_) {
      if (!codec_->idle())
        return Status::error("compressed stream is truncated", gap::corrupt);
      return std::size_t{0};
    }
    auto step = codec_->step(std::string_view(in_).substr(in_pos_), out, n);
    if (!step) return step.status();
    in_pos_ += step->consumed;
    if (step->produced > 0) {
      out_total_ += step->produced;
      if (out_total_ > limits_.ratio_floor &&
          out_total_ / std::max<std::uint64_t>(in_total_, 1) > limits_.max_ratio)
        return Status::error("expands more than " + std::to_string(limits_.max_ratio) +
                                 " times its compressed size: stopped after " +
                                 std::to_string(out_total_) +
                                 " bytes (decompression bomb?)",
                             gap::limit);
      return step->produced;
    }
    if (step->consumed == 0 && in_pos_ < in_.size())
      return Status::error("compressed stream is corrupt", gap::corrupt);
  }
}

} // namespace keysift::codec
