#include "scanner/scan.h"

#include <algorithm>

namespace keysift::scanner {

Status scan_block(Matcher& matcher, const Confirmer& confirmer, std::string_view data,
                  const Provenance& where, std::vector<Finding>& out,
                  std::uint64_t first_line) {
  std::vector<Candidate> candidates;
  if (auto st = matcher.scan_block(data, candidates); !st) return st;
  if (candidates.empty()) return Status::ok();
  ConfirmState state;
  std::vector<Finding> found;
  const TextView view{data, 0, first_line, 0, true};
  confirmer.confirm(view, where, candidates, state, found);
  resolve_overlaps(found);
  out.insert(out.end(), std::make_move_iterator(found.begin()),
             std::make_move_iterator(found.end()));
  return Status::ok();
}

StreamScan::StreamScan(Matcher& matcher, const Confirmer& confirmer, Provenance where)
    : matcher_(matcher), confirmer_(confirmer), where_(std::move(where)) {}

Status StreamScan::open() {
  return matcher_.stream_open();
}

Status StreamScan::feed(std::string_view slice) {
  buf_.append(slice);
  const std::size_t before = pending_.size();
  if (auto st = matcher_.stream_feed(slice, pending_); !st) return st;
  // Hyperscan reports offsets from the stream start; the buffer starts at base_.
  if (pending_.size() > before || !pending_.empty()) confirm(false);
  trim();
  return Status::ok();
}

Status StreamScan::finish(std::vector<Finding>& out) {
  if (auto st = matcher_.stream_close(pending_); !st) return st;
  confirm(true);
  resolve_overlaps(found_);
  out.insert(out.end(), std::make_move_iterator(found_.begin()),
             std::make_move_iterator(found_.end()));
  found_.clear();
  return Status::ok();
}

void StreamScan::confirm(bool complete) {
  if (pending_.empty()) return;
  const TextView view{buf_, base_, base_line_, base_line_start_, complete};
  confirmer_.confirm(view, where_, pending_, state_, found_);
}

// Drops bytes no pending or future candidate can need, keeping line numbers right.
void StreamScan::trim() {
  std::uint64_t keep_from = base_ + buf_.size();
  for (const auto& c : pending_) keep_from = std::min(keep_from, c.end);
  const std::uint64_t back = confirmer_.lookback();
  keep_from = keep_from > back ? keep_from - back : 0;
  if (keep_from <= base_ + buf_.size() / 2) return; // trim in large steps only
  const auto cut = static_cast<std::size_t>(keep_from - base_);
  const std::string_view dropped(buf_.data(), cut);
  base_line_ +=
      static_cast<std::uint64_t>(std::count(dropped.begin(), dropped.end(), '\n'));
  if (const std::size_t nl = dropped.rfind('\n'); nl != std::string_view::npos)
    base_line_start_ = base_ + nl + 1;
  buf_.erase(0, cut);
  base_ = keep_from;
}

} // namespace keysift::scanner
