// The scan stage of `keysift redact`: one Hyperscan pass over the rules and the literal
// starts of multi-line rules (redact/redact_plan.h), in one of two ways that report the
// same candidates:
//   - stream mode, for input that arrives a little at a time (a live log): the bytes are
//     fed to open Hyperscan streams (reopened, and primed with the `overlap` bytes before
//     them, when blocks came in between);
//   - block mode, for input that arrives in bulk: each block is scanned on its own, with
//     the `overlap` bytes before it and `redact_lookahead` bytes after it, so blocks can
//     be scanned on several threads at once.
// A batch reports the candidates (and literal hits) whose end lies in (own_from, end of
// its bytes]; the caller chooses own_from so that every end is reported once (a
// duplicate would be harmless: confirming a candidate twice finds nothing new). A match
// wider than the overlap (only rules Hyperscan cannot bound, whose window the Confirmer
// caps anyway) may be missed at a block edge.
// The Hyperscan calls themselves are the scanner's Matcher's (scanner/matcher.h).
// One RedactScanner per thread; not thread-safe; not copyable.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "redact/redact_plan.h"
#include "scanner/matcher.h"

namespace keysift::redact {

// Where a literal start of a multi-line rule occurs.
struct LiteralHit {
  std::uint32_t literal = 0; // index into RedactPlan::literals()
  std::uint64_t start = 0;   // stream offset
};

// One piece of the stream and what the scan stage found in it.
struct RedactBatch {
  std::uint64_t at = 0;             // stream offset of bytes[0]
  std::string_view bytes;           // empty: the stream ended
  std::string_view before;          // bytes just before `at` in the same buffer (context)
  std::string_view after;           // block mode: bytes just after, in the same buffer
  bool block = false;               // scan in block mode (else stream mode)
  bool last = false;                // block mode: no bytes follow `bytes`
  std::uint64_t own_from = 0;       // block mode: report ends after this offset
  std::shared_ptr<const void> keep; // owns the views, when the caller does not
  std::vector<scanner::Candidate> candidates;
  std::vector<LiteralHit> hits;
};

class RedactScanner {
public:
  explicit RedactScanner(std::shared_ptr<const RedactPlan> plan);
  RedactScanner(const RedactScanner&) = delete;
  RedactScanner& operator=(const RedactScanner&) = delete;

  // Fills batch.candidates and batch.hits. Stream mode continues the open streams when
  // batch.at is where they stopped, else opens new ones primed with batch.before (and
  // reports only ends after batch.at); an empty batch closes them.
  Status scan(RedactBatch& batch);

private:
  struct Sink;
  Status scan_block(RedactBatch& batch);
  Status scan_stream(RedactBatch& batch);
  Status reopen(const RedactBatch& batch);

  std::shared_ptr<const RedactPlan> plan_;
  scanner::Matcher matcher_;
  bool live_ = false;             // the stream is open
  std::uint64_t stream_base_ = 0; // stream offset where it was opened
  std::uint64_t fed_to_ = 0;      // stream offset it has been fed up to
  std::uint64_t stream_own_ = 0;  // it reports ends after this offset
};

} // namespace keysift::redact
