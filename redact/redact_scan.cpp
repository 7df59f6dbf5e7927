#include "redact/redact_scan.h"

#include <algorithm>
#include <climits>

#include "scanner/hs_input.h"

namespace keysift::redact {

// Where a scan's reports go: ends in (own_from, own_to], as stream offsets.
struct RedactScanner::Sink {
  std::uint64_t base = 0; // stream offset of the scanned data's first byte
  std::uint64_t own_from = 0;
  std::uint64_t own_to = UINT64_MAX;
  const RedactPlan* plan = nullptr;
  RedactBatch* batch = nullptr;
};

namespace {

Status hs_failed(const char* what, hs_error_t err) {
  return Status::error(std::string("Hyperscan ") + what + " failed (error " +
                       std::to_string(err) + ")");
}

template <class S>
int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  auto& s = *static_cast<S*>(ctx);
  const std::uint64_t end = s.base + to;
  if (end <= s.own_from || end > s.own_to) return 0;
  const std::uint32_t first_literal = s.plan->literal_id(0);
  if (id < first_literal) {
    s.batch->candidates.push_back({id, end});
  } else {
    const std::uint32_t lit = id - first_literal;
    s.batch->hits.push_back({lit, end - s.plan->literals()[lit].text.size()});
  }
  return 0;
}

} // namespace

RedactScanner::RedactScanner(std::shared_ptr<const RedactPlan> plan)
    : plan_(std::move(plan)) {}

Status RedactScanner::scan(RedactBatch& batch) {
  return batch.block ? scan_block(batch) : scan_stream(batch);
}

Status RedactScanner::grow_scratch(const hs_database_t* db) {
  if (std::find(grown_.begin(), grown_.end(), db) != grown_.end()) return Status::ok();
  hs_scratch_t* raw = scratch_.release();
  const hs_error_t err = hs_alloc_scratch(db, &raw);
  scratch_.reset(raw);
  if (err != HS_SUCCESS) return hs_failed("scratch allocation", err);
  grown_.push_back(db);
  return Status::ok();
}

Status RedactScanner::scan_block(RedactBatch& batch) {
  const std::string_view b = batch.before, mid = batch.bytes, a = batch.after;
  if ((!b.empty() && b.data() + b.size() != mid.data()) ||
      (!a.empty() && mid.data() + mid.size() != a.data()))
    return Status::error("redact: a block's context is not contiguous");
  const std::size_t size = b.size() + mid.size() + a.size();
  if (size > UINT_MAX) return Status::error("redact: block too large");
  const hs_database_t* db = plan_->block_db();
  if (!db) return plan_->db_status();
  if (auto st = grow_scratch(db); !st) return st;
  Sink sink{batch.at - b.size(), batch.own_from, batch.at + mid.size(), plan_.get(),
            &batch};
  const char* data = b.empty() ? mid.data() : b.data();
  const std::string_view bytes = scanner::hs_readable({data, size}, spare_);
  const hs_error_t err = hs_scan(db, bytes.data(), static_cast<unsigned>(size), 0,
                                 scratch_.get(), on_match<Sink>, &sink);
  scanner::hs_release_spare(spare_);
  return err == HS_SUCCESS ? Status::ok() : hs_failed("scan", err);
}

Status RedactScanner::reopen(const RedactBatch& batch) {
  live_ = false;
  stream_.reset(); // no scratch: closing reports nothing
  const hs_database_t* db = plan_->stream_db();
  if (!db) return plan_->db_status();
  if (auto st = grow_scratch(db); !st) return st;
  hs_stream_t* raw = nullptr;
  if (hs_error_t err = hs_open_stream(db, 0, &raw); err != HS_SUCCESS)
    return hs_failed("open stream", err);
  stream_.reset(raw);
  live_ = true;
  stream_base_ = batch.at - batch.before.size();
  stream_own_ = batch.at; // what ends before was reported by earlier batches
  Sink sink{stream_base_, stream_own_, UINT64_MAX, plan_.get(), nullptr};
  return feed(batch.before, sink); // reports nothing: every end is <= batch.at
}

Status RedactScanner::feed(std::string_view bytes, Sink& sink) {
  while (!bytes.empty()) {
    const auto n = static_cast<unsigned>(std::min<std::size_t>(bytes.size(), 1u << 30));
    const std::string_view readable = scanner::hs_readable(bytes.substr(0, n), spare_);
    if (hs_error_t err = hs_scan_stream(stream_.get(), readable.data(), n, 0,
                                        scratch_.get(), on_match<Sink>, &sink);
        err != HS_SUCCESS)
      return hs_failed("stream scan", err);
    bytes.remove_prefix(n);
  }
  scanner::hs_release_spare(spare_);
  return Status::ok();
}

Status RedactScanner::scan_stream(RedactBatch& batch) {
  if (batch.bytes.empty()) { // the end: matches that needed it are reported now
    // Streams that stopped before the end (blocks took over) have nothing left to say.
    if (!live_ || fed_to_ != batch.at) return Status::ok();
    live_ = false;
    Sink sink{stream_base_, stream_own_, UINT64_MAX, plan_.get(), &batch};
    const hs_error_t err =
        hs_close_stream(stream_.release(), scratch_.get(), on_match<Sink>, &sink);
    return err == HS_SUCCESS ? Status::ok() : hs_failed("close stream", err);
  }
  if (!live_ || fed_to_ != batch.at)
    if (auto st = reopen(batch); !st) return st;
  Sink sink{stream_base_, stream_own_, UINT64_MAX, plan_.get(), &batch};
  fed_to_ = batch.at + batch.bytes.size();
  return feed(batch.bytes, sink);
}

} // namespace keysift::redact
