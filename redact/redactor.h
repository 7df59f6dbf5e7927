// Redactor: the engine of `keysift redact`. Bytes go in as they arrive; bytes come out
// identical except that every secret the rules confirm is replaced by a mask. A byte is
// released as soon as no secret can still cover it; the rule (see redactor.cpp) holds
//   - bytes a candidate Hyperscan has reported but RE2 has not settled may still be
//     part of: from the candidate's end minus its rule's window;
//   - for rules whose secret stays on one line (RuleReach::line_local): the input's
//     last, unfinished line (a complete line is flushed when its '\n' arrives);
//   - for other rules: the last `window` bytes; or, when every match holds a literal
//     before its secret (RuleReach::anchor), only from an occurrence of it within the
//     window; when that literal starts the match, an occurrence is dropped as soon as
//     the rule's bounded head regex (RuleReach::head_atoms) fails to match there.
// A secret split across two writes of the producer is therefore still masked.
// Work on each piece of input has two stages: scan (Hyperscan, literal starts; see
// redact/redact_scan.h) and settle() (RE2 confirmation, holds, output). feed() runs
// both. The stages touch disjoint state, so other threads may scan pieces (in block
// mode, each with its own RedactScanner; or in stream mode with scan()) while this one
// settle()s earlier ones (redact_stream.h); settle() takes pieces in stream order.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "redact/redact_plan.h"
#include "redact/redact_scan.h"
#include "scanner/confirmer.h"

namespace keysift::redact {

struct RedactOptions {
  std::string mask = "***REDACTED***";
  std::size_t keep = 0; // characters of each secret kept before the mask
  // A secret this returns true for is left as it is (the project's allowlists: the
  // policy's suppression stage, policy/suppressor.h). Called on the settling thread.
  std::function<bool(const scanner::Finding&)> allowed;
};

using RedactPieces = std::vector<std::string_view>;

class Redactor {
public:
  // Builds the plan (redact/redact_plan.h); a failure is returned by open().
  Redactor(std::shared_ptr<const scanner::CompiledRules> rules, RedactOptions options);
  Redactor(std::shared_ptr<const RedactPlan> plan, RedactOptions options);
  Status open();
  // Takes the next bytes of the stream; appends to `out` what is now safe to release.
  Status feed(std::string_view bytes, std::string& out);
  // The stream ended: appends the rest.
  Status finish(std::string& out);

  // The two stages of feed() / finish(). scan() runs this redactor's own RedactScanner
  // (one thread at a time); settle() takes batches in stream order (batch.at: where the
  // previous one ended; empty batch.bytes: the end).
  Status scan(RedactBatch& batch);
  Status settle(RedactBatch& batch, std::string& out);
  // The same, without copying the output: `out` gets pieces to write in order, which
  // point into this redactor and stay valid until its next settle(), feed() or finish().
  Status settle(RedactBatch& batch, RedactPieces& out);

  // Null if open() failed.
  const std::shared_ptr<const RedactPlan>& plan() const { return plan_; }
  std::uint64_t secrets() const { return secrets_; }     // masked so far
  std::uint64_t held() const { return end_ - out_pos_; } // bytes waiting

private:
  struct Start {
    std::uint64_t at = 0;
    bool verified = false; // the head regex matched there (or there is none)
  };
  struct Hold { // per rule that is not line-local
    const RedactHold* spec = nullptr;
    bool head_tried = false;
    std::unique_ptr<const RE2> head; // null: every prefix occurrence counts
    std::deque<Start> starts;        // occurrences of prefix within the window
  };
  void init_holds();
  const RE2* head(Hold& hold);
  void confirm(bool complete);
  std::uint64_t context_start(const scanner::Candidate& c) const;
  std::uint64_t line_context_start(const scanner::Candidate& c) const;
  scanner::TextView view(std::uint64_t from, std::size_t cut, bool complete) const;
  void add_mask(std::uint64_t from, std::uint64_t to);
  std::uint64_t safe_end() const;
  void release(std::uint64_t upto, RedactPieces& out);
  void track_prefixes(const std::vector<LiteralHit>& hits);
  void verify_starts(Hold& hold);
  void trim();
  std::string_view bytes(std::uint64_t from, std::uint64_t to) const;

  std::shared_ptr<const scanner::CompiledRules> rules_;
  std::shared_ptr<const RedactPlan> plan_;
  std::unique_ptr<RedactScanner> scanner_;
  scanner::Confirmer confirmer_;
  RedactOptions options_;
  std::vector<Hold> holds_;                            // one per plan_->holds()
  std::vector<std::vector<std::uint32_t>> by_literal_; // literal -> holds starting with it
  Status init_;                                        // why construction failed, if it did
  std::uint64_t scanned_ = 0;                          // feed(): where the next bytes start
  std::string buf_;                                    // stream bytes [base_, end_)
  std::uint64_t base_ = 0, end_ = 0, out_pos_ = 0, line_start_ = 0;
  std::uint64_t base_line_ = 1, base_line_start_ = 0;
  std::vector<scanner::Candidate> pending_;
  scanner::ConfirmState state_;
  std::map<std::uint64_t, std::uint64_t> masks_; // start -> end, disjoint, not yet out
  std::uint64_t secrets_ = 0;
};

} // namespace keysift::redact
