// Scanning one input, as a whole block or as a stream of slices, with a worker's
// Matcher and the shared Confirmer. Both give the same findings for the same bytes,
// however the stream is sliced. Not thread-safe: one per worker at a time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/confirmer.h"
#include "scanner/matcher.h"

namespace keysift::scanner {

// Scans `data` as one block; appends findings (overlaps resolved, unless the confirmer
// defers the path: Confirmer::finish_deferred) to `out`.
// `first_line` is the line number of data[0].
Status scan_block(Matcher& matcher, const Confirmer& confirmer, std::string_view data,
                  const OriginRef& origin, std::vector<Finding>& out,
                  std::uint64_t first_line = 1);

// Scans an input fed in slices. Memory stays bounded by the slice size plus the
// rules' look-back window, whatever the input's size.
class StreamScan {
public:
  StreamScan(Matcher& matcher, const Confirmer& confirmer, OriginRef origin);
  Status open();
  Status feed(std::string_view slice);
  // Ends the stream; appends its findings (overlaps resolved) to `out`.
  Status finish(std::vector<Finding>& out);
  std::uint64_t bytes() const { return base_ + buf_.size(); }

private:
  void confirm(bool complete);
  void trim();

  Matcher& matcher_;
  const Confirmer& confirmer_;
  OriginRef origin_;
  std::string buf_;
  std::uint64_t base_ = 0, base_line_ = 1, base_line_start_ = 0;
  std::vector<Candidate> pending_;
  ConfirmState state_;
  std::vector<Finding> found_;
};

} // namespace keysift::scanner
