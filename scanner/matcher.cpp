#include "scanner/matcher.h"

#include <algorithm>
#include <climits>

#include "scanner/hs_input.h"

namespace keysift::scanner {
namespace {

int on_match(unsigned id, unsigned long long /*from*/, unsigned long long to,
             unsigned /*flags*/, void* ctx) {
  static_cast<std::vector<Candidate>*>(ctx)->push_back(Candidate{id, to});
  return 0;
}

Status hs_failed(const char* what, hs_error_t err) {
  return Status::error(std::string("Hyperscan ") + what + " failed (error " +
                       std::to_string(err) + ")");
}

} // namespace

Matcher::Matcher(std::shared_ptr<const CompiledRules> rules) : rules_(std::move(rules)) {}

// One scratch serves every database it has been grown for.
Status Matcher::ensure_scratch(const hs_database_t* db) {
  if (std::find(grown_.begin(), grown_.end(), db) != grown_.end()) return Status::ok();
  hs_scratch_t* raw = scratch_.release();
  const hs_error_t err = hs_alloc_scratch(db, &raw);
  scratch_.reset(raw);
  if (err != HS_SUCCESS) return hs_failed("scratch allocation", err);
  grown_.push_back(db);
  return Status::ok();
}

Status Matcher::block(const hs_database_t* db, std::string_view data, Hits hits) {
  if (auto st = ensure_scratch(db); !st) return st;
  if (data.size() > UINT_MAX) return Status::error("block too large for block mode");
  const std::string_view bytes = hs_readable(data, spare_);
  hs_error_t err = hs_scan(db, bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                           scratch_.get(), hits.handler, hits.ctx);
  hs_release_spare(spare_);
  return err == HS_SUCCESS ? Status::ok() : hs_failed("scan", err);
}

Status Matcher::scan_block(std::string_view data, std::vector<Candidate>& out) {
  return block(rules_->block_db(), data, Hits{on_match, &out});
}

Status Matcher::stream_open() {
  const hs_database_t* db = rules_->stream_db();
  if (!db) return Status::error("the stream-mode rule database could not be compiled");
  return stream_open(db);
}

Status Matcher::stream_open(const hs_database_t* db) {
  stream_.reset(); // no scratch: closing reports nothing
  if (auto st = ensure_scratch(db); !st) return st;
  hs_stream_t* raw = nullptr;
  if (hs_error_t err = hs_open_stream(db, 0, &raw); err != HS_SUCCESS)
    return hs_failed("open stream", err);
  stream_.reset(raw);
  return Status::ok();
}

Status Matcher::feed(std::string_view slice, Hits hits) {
  while (!slice.empty()) {
    const std::size_t n = std::min<std::size_t>(slice.size(), 1u << 30);
    const std::string_view bytes = hs_readable(slice.substr(0, n), spare_);
    hs_error_t err = hs_scan_stream(stream_.get(), bytes.data(), static_cast<unsigned>(n),
                                    0, scratch_.get(), hits.handler, hits.ctx);
    if (err != HS_SUCCESS) return hs_failed("stream scan", err);
    slice.remove_prefix(n);
  }
  hs_release_spare(spare_);
  return Status::ok();
}

Status Matcher::stream_feed(std::string_view slice, std::vector<Candidate>& out) {
  return feed(slice, Hits{on_match, &out});
}

Status Matcher::close(Hits hits) {
  hs_error_t err =
      hs_close_stream(stream_.release(), scratch_.get(), hits.handler, hits.ctx);
  return err == HS_SUCCESS ? Status::ok() : hs_failed("close stream", err);
}

Status Matcher::stream_close(std::vector<Candidate>& out) {
  return close(Hits{on_match, &out});
}

} // namespace keysift::scanner
