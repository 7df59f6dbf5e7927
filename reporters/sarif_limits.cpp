#include "reporters/sarif_limits.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <stdexcept>

#include <zlib.h>

namespace keysift::reporters {

std::size_t gzip_size(std::string_view text) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer, as the gzip tool writes; level 6 is its default.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: cannot start deflate");
  std::array<unsigned char, std::size_t{64} * 1024> out{};
  std::size_t total = 0;
  int rc = Z_OK;
  std::size_t at = 0;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && at < text.size()) {
      const std::size_t n = std::min<std::size_t>(text.size() - at, 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data() + at));
      z.avail_in = static_cast<uInt>(n);
      at += n;
    }
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    rc = deflate(&z, at == text.size() ? Z_FINISH : Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&z);
      throw std::runtime_error("zlib: deflate failed");
    }
    total += out.size() - z.avail_out;
  }
  deflateEnd(&z);
  return total;
}

std::vector<std::size_t>
keep_within(const std::vector<int>& ranks, const SarifLimits& limits,
            const std::function<std::string(const std::vector<std::size_t>&)>& render,
            std::string& text) {
  std::vector<std::size_t> by_severity(ranks.size());
  std::iota(by_severity.begin(), by_severity.end(), std::size_t{0});
  std::stable_sort(by_severity.begin(), by_severity.end(),
                   [&](std::size_t a, std::size_t b) { return ranks[a] < ranks[b]; });
  auto first = [&](std::size_t n) {
    std::vector<std::size_t> kept(by_severity.begin(),
                                  by_severity.begin() + static_cast<std::ptrdiff_t>(n));
    std::sort(kept.begin(), kept.end());
    return kept;
  };
  std::size_t hi = std::min(ranks.size(), limits.max_results);
  std::vector<std::size_t> kept = first(hi);
  text = render(kept);
  if (gzip_size(text) <= limits.max_gzip_bytes) return kept;
  // The most results that fit: a binary search over how many of the most severe to keep.
  std::size_t lo = 0;
  std::string best = render({});
  while (lo + 1 < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    std::string trial = render(first(mid));
    if (gzip_size(trial) <= limits.max_gzip_bytes) {
      lo = mid;
      best = std::move(trial);
    } else {
      hi = mid;
    }
  }
  text = std::move(best);
  return first(lo);
}

} // namespace keysift::reporters
