// Run: the state one Pipeline::run shares between its threads: the bounded queue of
// chunks (the source pushes, workers pop), the collector of findings, errors, skips and
// coverage, and the catalog of commits and images. It is the ChunkSink a Source sees.
// Internal to scanner/pipeline.cpp. Thread-safe: one mutex guards all of it; it refers
// to the options, gate and callback it was made with, which outlive it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "scanner/gate.h"
#include "scanner/pipeline.h"
#include "scanner/source.h"

namespace keysift::scanner::detail {

// The shared state of one run: the bounded queue, the collector and the statistics.
class Run final : public ChunkSink {
public:
  Run(const PipelineOptions& options, const Gate& gate, const FindingCallback& on_finding,
      std::shared_ptr<const rules::RuleSet> rules)
      : options_(options), gate_(gate), on_finding_(on_finding) {
    report_.rules = std::move(rules);
  }

  bool push(Chunk chunk) override {
    std::unique_lock lock(mu_);
    if (full()) {
      producer_waiting_ = true;
      not_full_.wait(lock, [&] { return !full() || stopping_; });
      producer_waiting_ = false;
    }
    if (stopping_) return false;
    queued_bytes_ += chunk.data.size();
    if (options_.progress && !chunk.task)
      options_.progress->add(options_.progress->queued, 1);
    queue_.push_back(std::move(chunk));
    if (idle_workers_ > 0) not_empty_.notify_one(); // no wake-up call when none sleeps
    return true;
  }
  void error(InputError e) override {
    std::lock_guard lock(mu_);
    report_.errors.push_back(std::move(e));
  }
  void skipped(const std::string&, const std::string& reason) override {
    std::lock_guard lock(mu_);
    ++report_.stats.skipped[reason];
  }
  std::uint32_t add_commit(CommitInfo commit) override {
    std::lock_guard lock(mu_);
    report_.catalog.commits.push_back(std::move(commit));
    return static_cast<std::uint32_t>(report_.catalog.commits.size() - 1);
  }
  std::uint32_t add_image(ImageInfo image) override {
    std::lock_guard lock(mu_);
    report_.catalog.images.push_back(std::move(image));
    return static_cast<std::uint32_t>(report_.catalog.images.size() - 1);
  }
  void expected(const std::string& unit, std::uint64_t n) override {
    std::lock_guard lock(mu_);
    if (options_.progress) options_.progress->account(unit, n, true);
    report_.stats.requested.units[unit] += n;
  }
  void covered(const std::string& unit, std::uint64_t n) override {
    std::lock_guard lock(mu_);
    if (options_.progress) options_.progress->account(unit, n, false);
    report_.stats.scanned[unit] += n;
  }
  const Gate& gate() const override { return gate_; }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    if (options_.progress) options_.progress->listed = true;
    not_empty_.notify_all();
  }
  // A stop was requested: the source's next push fails, workers find the queue empty.
  // The dropped chunks are destroyed outside the lock (a lent reader's owner may wait
  // for them).
  void stop() {
    std::deque<Chunk> dropped;
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      closed_ = true;
      dropped.swap(queue_);
      queued_bytes_ = 0;
      not_empty_.notify_all();
      not_full_.notify_all();
    }
  }
  bool pop(Chunk& out) {
    std::unique_lock lock(mu_);
    ++idle_workers_;
    not_empty_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    --idle_workers_;
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= out.data.size();
    // A waiting source is woken once the queue is half empty, not on every pop: one
    // wake-up per half queue rather than per file (context switches cost more than a
    // small file's scan on a 2-core machine).
    if (producer_waiting_ && queue_.size() <= options_.queue_chunks / 2 &&
        queued_bytes_ <= options_.queue_bytes / 2)
      not_full_.notify_one();
    return true;
  }
  // Called by each worker once, when it stops.
  void add_stats(std::uint64_t files, std::uint64_t bytes) {
    std::lock_guard lock(mu_);
    report_.stats.files_scanned += files;
    report_.stats.bytes_scanned += bytes;
  }
  void found(std::vector<Finding>& batch) {
    if (batch.empty()) return;
    std::lock_guard lock(mu_);
    for (auto& f : batch) {
      if (on_finding_) on_finding_(f, report_);
      report_.findings.push_back(std::move(f));
    }
    batch.clear();
  }
  ScanReport take() { return std::move(report_); }

private:
  bool full() const {
    return queue_.size() >= options_.queue_chunks ||
           (queued_bytes_ >= options_.queue_bytes && !queue_.empty());
  }

  const PipelineOptions& options_;
  const Gate& gate_;
  const FindingCallback& on_finding_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Chunk> queue_;
  std::size_t queued_bytes_ = 0;
  unsigned idle_workers_ = 0;
  bool producer_waiting_ = false;
  bool closed_ = false;
  bool stopping_ = false;
  ScanReport report_;
};

} // namespace keysift::scanner::detail
