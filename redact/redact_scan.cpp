#include "redact/redact_scan.h"

namespace keysift::redact {

// Where the Matcher's hits go: candidates and literal starts whose end lies in
// (own_from, own_to], as stream offsets.
struct RedactScanner::Sink {
  std::uint64_t base = 0; // stream offset of the scanned data's first byte
  std::uint64_t own_from = 0;
  std::uint64_t own_to = UINT64_MAX;
  const RedactPlan* plan = nullptr;
  RedactBatch* batch = nullptr;

  void operator()(std::uint32_t id, std::uint64_t to) const {
    const std::uint64_t end = base + to;
    if (end <= own_from || end > own_to) return;
    const std::uint32_t first_literal = plan->literal_id(0);
    if (id < first_literal) {
      batch->candidates.push_back({id, end});
    } else {
      const std::uint32_t lit = id - first_literal;
      batch->hits.push_back({lit, end - plan->literals()[lit].text.size()});
    }
  }
};

RedactScanner::RedactScanner(std::shared_ptr<const RedactPlan> plan)
    : plan_(std::move(plan)), matcher_(plan_->rules()) {}

Status RedactScanner::scan(RedactBatch& batch) {
  return batch.block ? scan_block(batch) : scan_stream(batch);
}

Status RedactScanner::scan_block(RedactBatch& batch) {
  const std::string_view b = batch.before, mid = batch.bytes, a = batch.after;
  if ((!b.empty() && b.data() + b.size() != mid.data()) ||
      (!a.empty() && mid.data() + mid.size() != a.data()))
    return Status::error("redact: a block's context is not contiguous");
  const hs_database_t* db = plan_->block_db();
  if (!db) return plan_->db_status();
  const Sink sink{batch.at - b.size(), batch.own_from, batch.at + mid.size(), plan_.get(),
                  &batch};
  const char* data = b.empty() ? mid.data() : b.data();
  return matcher_.scan_block(db, {data, b.size() + mid.size() + a.size()}, sink);
}

Status RedactScanner::reopen(const RedactBatch& batch) {
  live_ = false;
  const hs_database_t* db = plan_->stream_db();
  if (!db) {
    matcher_.stream_drop();
    return plan_->db_status();
  }
  if (auto st = matcher_.stream_open(db); !st) return st;
  live_ = true;
  stream_base_ = batch.at - batch.before.size();
  stream_own_ = batch.at; // what ends before was reported by earlier batches
  const Sink sink{stream_base_, stream_own_, UINT64_MAX, plan_.get(), nullptr};
  return matcher_.stream_feed(batch.before, sink); // reports nothing: every end <= at
}

Status RedactScanner::scan_stream(RedactBatch& batch) {
  if (batch.bytes.empty()) { // the end: matches that needed it are reported now
    // A stream that stopped before the end (blocks took over) has nothing left to say.
    if (!live_ || fed_to_ != batch.at) return Status::ok();
    live_ = false;
    return matcher_.stream_close(
        Sink{stream_base_, stream_own_, UINT64_MAX, plan_.get(), &batch});
  }
  if (!live_ || fed_to_ != batch.at)
    if (auto st = reopen(batch); !st) return st;
  fed_to_ = batch.at + batch.bytes.size();
  return matcher_.stream_feed(
      batch.bytes, Sink{stream_base_, stream_own_, UINT64_MAX, plan_.get(), &batch});
}

} // namespace keysift::redact
