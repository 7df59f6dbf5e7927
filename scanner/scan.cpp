#include "scanner/scan.h"

#include <algorithm>

#include "codec/decode.h"

namespace keysift::scanner {
namespace {

Status scan_layer(Matcher& matcher, const Confirmer& confirmer, std::string_view data,
                  const OriginRef& origin, std::vector<Finding>& found,
                  std::uint64_t first_line, int depth);

// Line and column of data[at].
std::pair<std::uint64_t, std::uint64_t> line_column(std::string_view data, std::size_t at,
                                                    std::uint64_t first_line) {
  const std::string_view before = data.substr(0, at);
  const std::size_t nl = before.rfind('\n');
  return {first_line +
              static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n')),
          at - (nl == std::string_view::npos ? 0 : nl + 1) + 1};
}

// Scans what encoded runs decode to; a finding there is placed on the encoded text.
Status scan_decoded(Matcher& matcher, const Confirmer& confirmer, std::string_view data,
                    const OriginRef& origin, std::vector<Finding>& found,
                    std::uint64_t first_line, int depth) {
  for (const auto& run : codec::find_encoded(data)) {
    std::vector<Finding> inner;
    if (auto st = scan_layer(matcher, confirmer, run.decoded, origin, inner, 1, depth - 1);
        !st)
      return st;
    for (auto& f : inner) {
      std::tie(f.line, f.column) = line_column(data, run.offset, first_line);
      std::tie(f.end_line, f.end_column) =
          line_column(data, run.offset + run.size - 1, first_line);
      f.offset = run.offset;
      f.size = run.size;
      const std::size_t nl = data.rfind('\n', run.offset);
      const std::size_t from = nl == std::string_view::npos ? 0 : nl + 1;
      f.line_text = std::string(data.substr(from, data.find('\n', run.offset) - from))
                        .substr(0, run.offset - from + run.size + line_context);
      f.line_text_column = run.offset - from + 1;
      f.lead_lines.clear(); // lines of the decoded text, not of the input
      f.decoded.emplace_back(codec::encoding_name(run.encoding));
      found.push_back(std::move(f));
    }
  }
  return Status::ok();
}

Status scan_layer(Matcher& matcher, const Confirmer& confirmer, std::string_view data,
                  const OriginRef& origin, std::vector<Finding>& found,
                  std::uint64_t first_line, int depth) {
  std::vector<Candidate> candidates;
  if (auto st = matcher.scan_block(data, candidates); !st) return st;
  if (!candidates.empty()) {
    ConfirmState state;
    const TextView view{data, 0, first_line, 0, true};
    confirmer.confirm(view, origin, candidates, state, found);
  }
  if (depth > 0)
    return scan_decoded(matcher, confirmer, data, origin, found, first_line, depth);
  return Status::ok();
}

} // namespace

Status scan_block(Matcher& matcher, const Confirmer& confirmer, std::string_view data,
                  const OriginRef& origin, std::vector<Finding>& out,
                  std::uint64_t first_line) {
  std::vector<Finding> found;
  if (auto st = scan_layer(matcher, confirmer, data, origin, found, first_line,
                           confirmer.decode_depth());
      !st)
    return st;
  if (found.empty()) return Status::ok();
  if (!confirmer.defers_path()) resolve_overlaps(confirmer.rules(), found);
  out.insert(out.end(), std::make_move_iterator(found.begin()),
             std::make_move_iterator(found.end()));
  return Status::ok();
}

StreamScan::StreamScan(Matcher& matcher, const Confirmer& confirmer, OriginRef origin)
    : matcher_(matcher), confirmer_(confirmer), origin_(std::move(origin)) {}

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
  if (!confirmer_.defers_path()) resolve_overlaps(confirmer_.rules(), found_);
  out.insert(out.end(), std::make_move_iterator(found_.begin()),
             std::make_move_iterator(found_.end()));
  found_.clear();
  return Status::ok();
}

void StreamScan::confirm(bool complete) {
  if (pending_.empty()) return;
  const TextView view{buf_, base_, base_line_, base_line_start_, complete};
  confirmer_.confirm(view, origin_, pending_, state_, found_);
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
