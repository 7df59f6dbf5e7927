// The blob side of a history audit: scanning the blobs a pack walk hands out
// (git/pack_scan.h) before the walk of commits and trees has found where each one lives.
// Scans are made with a path-deferring confirmer (scanner/confirmer.h), so what each blob
// yields does not depend on its path; BlobResults keeps, by object number, how each scan
// ended, the blob's size, and its raw findings, until the walk is done and the findings
// can be given their places (HistorySource's join). Memory: 5 bytes per object of the
// packs, plus the raw findings.
//
// BlobResults is thread-safe for scans of distinct numbers (each blob is scanned by one
// task); its readers run after every scan task has finished. A BlobScanner belongs to
// one task (one worker thread).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "git/blob_index.h"
#include "git/pack_scan.h"
#include "scanner/task.h"

namespace keysift::git {

class BlobResults {
public:
  enum State : std::uint8_t { unseen, scanned, binary, too_large, failed };
  explicit BlobResults(std::uint32_t numbers)
      : state_(numbers, unseen), size_(numbers, 0) {}

  void done(std::uint32_t n, State state, std::uint64_t size);
  void add_findings(std::uint32_t n, std::vector<scanner::Finding>& raw);
  void fail(std::uint32_t n, std::string why);

  State state(std::uint32_t n) const { return n < state_.size() ? state_[n] : unseen; }
  std::uint64_t size(std::uint32_t n) const { return n < size_.size() ? size_[n] : 0; }
  // After the scans: raw findings and failures by number.
  std::map<std::uint32_t, std::vector<scanner::Finding>>& findings() { return findings_; }
  const std::map<std::uint32_t, std::string>& failures() const { return failures_; }

private:
  std::vector<State> state_;
  std::vector<std::uint32_t> size_; // objects are at most ReaderLimits::max_object
  std::mutex mu_;
  std::map<std::uint32_t, std::vector<scanner::Finding>> findings_;
  std::map<std::uint32_t, std::string> failures_;
};

// Scans each blob a pack walk visits with the task's matcher and a path-deferring
// confirmer; what the run's gate skips (binary, too large) is only marked. Once `walked` is
// set (the walk has finished, and `numbers` holds what it selected), blobs the walk did not
// select are passed over: scans that start with the walk read every blob until then.
class BlobScanner final : public BlobConsumer {
public:
  BlobScanner(scanner::TaskContext& context, const BlobIndex& numbers, BlobResults& results,
              const std::atomic<bool>* walked = nullptr)
      : context_(context), deferred_(context.confirmer().deferring_path()),
        numbers_(numbers), results_(results), walked_(walked) {}
  MemoPtr visit(const BlobVisit& blob) override;
  void failed(std::uint32_t pack, std::uint32_t position, const Status& why) override;
  // Scans bytes read some other way (a loose blob) as object `n`.
  void scan(std::uint32_t n, std::string_view data);

private:
  scanner::TaskContext& context_;
  const scanner::Confirmer deferred_;
  const BlobIndex& numbers_;
  BlobResults& results_;
  const std::atomic<bool>* walked_;
  std::vector<scanner::Finding> found_;
};

} // namespace keysift::git
