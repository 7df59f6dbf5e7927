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
// Work on each piece of input has two stages: scan() (Hyperscan, literal starts) and
// settle() (RE2 confirmation, holds, output). feed() runs both. The two stages touch
// disjoint state, so one thread may scan() a piece while another settle()s the previous
// one (redact_stream.h); each stage is called by one thread at a time, in stream order.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "scanner/confirmer.h"
#include "scanner/literal_finder.h"
#include "scanner/matcher.h"
#include "scanner/rule_reach.h"

namespace keysift::scanner {

struct RedactOptions {
  std::string mask = "***REDACTED***";
  std::size_t keep = 0; // characters of each secret kept before the mask
};

// One piece of the stream and what the scan stage found in it. Empty `bytes`: the end.
struct RedactBatch {
  std::string bytes;
  std::vector<Candidate> candidates;
  std::vector<LiteralFinder::Hit> hits;
};

class Redactor {
public:
  Redactor(std::shared_ptr<const CompiledRules> rules, RedactOptions options);
  Status open();
  // Takes the next bytes of the stream; appends to `out` what is now safe to release.
  Status feed(std::string_view bytes, std::string& out);
  // The stream ended: appends the rest.
  Status finish(std::string& out);

  // The two stages of feed() / finish() (empty batch.bytes: the end).
  Status scan(RedactBatch& batch);
  Status settle(RedactBatch& batch, std::string& out);

  std::uint64_t secrets() const { return secrets_; }     // masked so far
  std::uint64_t held() const { return end_ - out_pos_; } // bytes waiting

private:
  struct Start {
    std::uint64_t at = 0;
    bool verified = false; // the head regex matched there (or there is none)
  };
  struct Hold { // per rule that is not line-local
    std::size_t window = 0;
    std::string prefix; // RuleReach::anchor: a secret starts after it
    bool caseless = false;
    std::uint32_t literal = 0;       // index of prefix in the LiteralFinder
    std::shared_ptr<const RE2> head; // null: every prefix occurrence counts
    std::size_t head_width = 0;      // bytes the head needs to decide
    std::deque<Start> starts;        // occurrences of prefix within the window
  };
  void confirm(bool complete);
  void add_mask(std::uint64_t from, std::uint64_t to);
  std::uint64_t safe_end() const;
  void release(std::uint64_t upto, std::string& out);
  void track_prefixes(const std::vector<LiteralFinder::Hit>& hits);
  void verify_starts(Hold& hold);
  void trim();
  std::string_view bytes(std::uint64_t from, std::uint64_t to) const;

  std::shared_ptr<const CompiledRules> rules_;
  Matcher matcher_;
  Confirmer confirmer_;
  RedactOptions options_;
  std::vector<RuleReach> reach_;
  std::size_t line_window_ = 0;           // max window of line-local rules
  std::vector<Hold> holds_;               // rules that are not line-local
  std::unique_ptr<LiteralFinder> finder_; // their literal starts; null if none
  Status init_;                           // why construction failed, if it did
  std::string buf_;                       // stream bytes [base_, end_)
  std::uint64_t base_ = 0, end_ = 0, out_pos_ = 0, line_start_ = 0;
  std::uint64_t base_line_ = 1, base_line_start_ = 0;
  std::vector<Candidate> pending_;
  ConfirmState state_;
  std::map<std::uint64_t, std::uint64_t> masks_; // start -> end, disjoint, not yet out
  std::uint64_t secrets_ = 0;
};

} // namespace keysift::scanner
