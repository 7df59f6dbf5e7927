// Confirmer: turns Hyperscan candidates into findings. For each candidate it runs the
// rule's RE2 over a window around the hit, extracts the secret group, and applies
// keywords, entropy, path filters, allowlists and inline `keysift:allow` comments.
// Const and shared by every worker: thread-safe. Per-input state lives in ConfirmState.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "scanner/compiled_rules.h"
#include "scanner/finding.h"
#include "scanner/matcher.h"

namespace keysift::scanner {

// A window onto an input: `text` holds the input's bytes [base, base + text.size()).
struct TextView {
  std::string_view text;
  std::uint64_t base = 0;            // absolute offset of text[0]
  std::uint64_t base_line = 1;       // line number of text[0]
  std::uint64_t base_line_start = 0; // absolute offset where that line starts (<= base)
  bool complete = true;              // true: no bytes follow text
};

// Per input: where each rule's last match ended (matches of one rule never overlap).
struct ConfirmState {
  std::vector<std::uint64_t> last_end; // per rule: matches ending here or before are done
  std::vector<std::uint64_t> no_match_to; // per rule: RE2 found no match ending up to here
  // Per rule: -1 not judged yet, 1 the input's path rules out every finding of the rule
  // (its `paths`, an allowlist's paths), so its candidates skip RE2; 0 it does not.
  std::vector<std::int8_t> path_drops;
  int language = -1; // the input's lang::Language, once a finding needed it
};

// Bytes of line shown on each side of a secret (Finding::line_text).
inline constexpr std::size_t line_context = 256;

class LineIndex;

class Confirmer {
public:
  // `decode_depth`: how many layers of encoding (base64, hex, percent) block scans undo.
  explicit Confirmer(std::shared_ptr<const CompiledRules> rules, int decode_depth = 2);
  int decode_depth() const { return decode_depth_; }

  // A confirmer for bytes whose path is not known yet (a git blob scanned before the walk
  // has found where it lives): it applies every check but those on the path (a rule's
  // paths, allowlisted paths) and leaves findings without origin (their fingerprint is
  // the content's), and
  // overlaps unresolved; finish_deferred() completes them once the path is known, as a
  // confirmer with the path would have made them.
  Confirmer deferring_path() const;
  bool defers_path() const { return defer_path_; }
  // Drops `raw` findings (from a deferring confirmer) that `origin`'s path rules out,
  // gives the rest their origin, resolves overlaps, appends to `out`.
  void finish_deferred(std::vector<Finding>& raw, const OriginRef& origin,
                       std::vector<Finding>& out) const;

  // Confirms candidates against `view` and appends findings to `out`. Candidates that
  // need bytes beyond an incomplete view are left in `candidates`; the rest are removed.
  void confirm(const TextView& view, const OriginRef& origin,
               std::vector<Candidate>& candidates, ConfirmState& state,
               std::vector<Finding>& out) const;

  // Bytes a stream must keep before its earliest pending candidate.
  std::size_t lookback() const { return rules_->max_window() + line_context + 1; }

  const CompiledRules& rules() const { return *rules_; }

  // Candidates dropped so far because they failed their rule's format check (a checksum
  // or structure): shared by the copies of this confirmer.
  std::uint64_t format_rejects() const {
    return format_rejects_->load(std::memory_order_relaxed);
  }

private:
  bool confirm_one(const TextView& view, const OriginRef& origin, const Candidate& cand,
                   ConfirmState& state, std::vector<Finding>& out, LineIndex& lines) const;
  bool dropped(const CompiledRule& rule, const Finding& f) const;
  bool dropped_by_path(const CompiledRule& rule, std::string_view path) const;

  std::shared_ptr<const CompiledRules> rules_;
  int decode_depth_;
  bool defer_path_ = false;
  std::shared_ptr<std::atomic<std::uint64_t>> format_rejects_ =
      std::make_shared<std::atomic<std::uint64_t>>(0);
};

// Where two findings' secrets overlap at one place, keeps one: a non-generic rule over a
// generic one, then the longer secret, then the smaller rule id. Sorts `findings` by
// offset.
void resolve_overlaps(const CompiledRules& rules, std::vector<Finding>& findings);

} // namespace keysift::scanner
