// ProgressCounters: how far a run has got, for a progress display (cli/progress.h). The
// pipeline's workers, its queue and the sources that know more (a history's commit walk)
// add to them as they go; a display thread reads them whenever it redraws. Each counter
// is a relaxed atomic updated once per input, stream slice or commit, never per byte, so
// counting costs nothing measurable; a reader sees each counter's own latest value, not a
// consistent snapshot of all of them (good enough for a line redrawn 4 times a second).
// The caller owns the counters and keeps them alive for the whole run.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace keysift::scanner {

struct ProgressCounters {
  // Inputs the workers have finished (scanned, skipped or failed: each counts once) and
  // the bytes they scanned, counted per block or stream slice.
  std::atomic<std::uint64_t> inputs{0};
  std::atomic<std::uint64_t> bytes{0};
  // Inputs the source has queued (tasks excluded); once `listed` is set the source has
  // pushed everything and `queued` is the run's total.
  std::atomic<std::uint64_t> queued{0};
  std::atomic<bool> listed{false};
  // A history audit: commits whose trees were walked, of those selected (0: not known
  // yet).
  std::atomic<std::uint64_t> commits{0};
  std::atomic<std::uint64_t> commits_total{0};
  // A range of commits: commits whose changes were all queued (the total is the range's,
  // known before the run: commits_total).
  std::atomic<std::uint64_t> diffed{0};
  // An image scan: layers scanned whole (or already scanned), of those its images list.
  std::atomic<std::uint64_t> layers{0};
  std::atomic<std::uint64_t> layers_total{0};

  void add(std::atomic<std::uint64_t>& counter, std::uint64_t n) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
  // A unit of the coverage account (ChunkSink::expected / covered) that progress shows.
  void account(std::string_view unit, std::uint64_t n, bool expected) {
    if (unit == "layers") add(expected ? layers_total : layers, n);
    // A history counts its walk itself (commits), and covers its commits only at the end.
    if (unit == "commits" && !expected) add(diffed, n);
  }
};

} // namespace keysift::scanner
