// Fuzz target: the layer walker (image/layer_scan.h, image/layer_shadow.h) on in-memory
// blobs: tar in any format libarchive reads (ustar, GNU with sparse entries, pax), plain
// or gzip/zstd-compressed, with whiteouts, opaque directories, links and escaping paths.
// Input: a choice byte (the streaming threshold: small, so large entries are lent as a
// reader and drained as a worker would), a 16-bit length L, an upper layer of L bytes,
// then the layer below it (the rest). The upper layer is read first and its entries
// shadow the lower one, as in an image.
// Invariants: a file's location names its layer, a normalised path (not empty, not
// absolute, no empty or "." component; a ".." is kept, as the archive names it, and
// reported as a problem of the layer) and is visible exactly when the shadow does not
// hide it; an entry's path is never empty; what the files yield stays within the
// layer's expansion bound (a sparse hole or a bomb is stopped, never read out). Nothing
// is extracted, so a path is only ever shown, never opened.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "image/layer_scan.h"

using namespace keysift;
using namespace keysift::image;

namespace {

constexpr std::uint64_t max_bytes = 8u << 20; // per layer, for this target's speed
constexpr std::uint64_t slack = 64u << 10;    // one read past the check

// Whether `path` is normalised; sets `up` when a component is "..".
bool normalised(std::string_view path, bool& up) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  for (std::size_t at = 0; at <= path.size();) {
    const std::size_t end = std::min(path.find('/', at), path.size());
    const std::string_view part = path.substr(at, end - at);
    if (part.empty() || part == ".") return false;
    up = up || part == "..";
    at = end + 1;
  }
  return true;
}

// Drains lent readers as a worker would and checks every file's location.
struct Checker final : scanner::CatalogSink {
  const Shadow& shadow;
  std::uint32_t layer;
  std::uint64_t bytes = 0;
  bool up = false; // a file's path climbs out of the root
  Checker(const Shadow& s, std::uint32_t l) : shadow(s), layer(l) {}

  bool push(scanner::Chunk c) override {
    const auto* where = std::get_if<scanner::ImageOrigin>(&c.origin->where);
    fuzz::check(where != nullptr && where->image == 7 && where->layer == layer,
                "a file names its image and layer");
    fuzz::check(normalised(where->path, up), "a file's path is normalised");
    fuzz::check(where->visible == !shadow.hides(where->path),
                "a file is visible exactly when no upper layer hides it");
    bytes += c.data.size();
    if (c.reader) {
      char buf[16 << 10];
      for (;;) {
        auto n = c.reader->read(buf, sizeof buf);
        if (!n || *n == 0) break;
        bytes += *n;
      }
    }
    fuzz::check(bytes <= max_bytes + slack, "a layer yields no more than its bound");
    return true;
  }
  void error(scanner::InputError) override {}
  void skipped(const std::string&, const std::string&) override {}
};

LayerResult scan(std::string_view blob, std::uint32_t layer, const Shadow& shadow,
                 std::uint64_t threshold) {
  LayerJob job;
  job.image = 7;
  job.index = layer;
  job.display = "fuzz layer";
  job.limits.stream_threshold = threshold;
  job.limits.max_bytes = max_bytes;
  job.limits.ratio_floor = 1u << 20;
  fuzz::MemoryReader reader{std::string(blob)};
  Checker sink(shadow, layer);
  LayerResult res = scan_layer(reader, job, shadow, sink, {});
  for (const auto& entry : res.entries)
    fuzz::check(!entry.path.empty(), "an entry's path is never empty");
  fuzz::check(!sink.up || !res.problems.empty(), "a path escaping the root is reported");
  return res;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choices(data, size);
  const std::uint64_t threshold = 1u + choices.byte() * 64u; // 1 B .. 16 KiB
  const std::size_t upper_size = choices.u16();
  const std::string_view rest = choices.rest();
  const std::string_view upper = rest.substr(0, std::min(upper_size, rest.size()));
  const std::string_view lower = rest.substr(upper.size());
  Shadow shadow;
  if (!upper.empty()) {
    const LayerResult top = scan(upper, 1, shadow, threshold);
    shadow.add_layer(top.entries);
  }
  scan(lower, 0, shadow, threshold);
  return 0;
}
