// RedactPlan: what `keysift redact` derives from the rules before reading a byte — each
// rule's reach (redact/rule_reach.h), the holds of rules that are not line-local and
// their literal starts — and the Hyperscan databases it scans with: every rule and every
// literal start in one database (one pass finds both; a second database for the
// literals alone cost 60 % more scan time), in block and in stream mode, each compiled
// on first use or loaded from the disk cache (scanner/db_cache.h). Building the plan
// needs each rule's secret group (an RE2 compile per rule) and each head regex's width
// (a Hyperscan parse per rule); both are cached on disk too, so a run whose cache is warm
// compiles no RE2 at start-up. Immutable once built (the lazy databases are guarded by
// once_flags): share it between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "redact/rule_reach.h"
#include "scanner/compiled_rules.h"

namespace keysift::redact {

// A rule whose secret may span lines: how far back a future secret can start.
struct RedactHold {
  std::size_t window = 0;
  std::string prefix; // RuleReach::anchor: a secret starts after it ("" : none)
  bool caseless = false;
  std::uint32_t literal = 0; // index of prefix in RedactPlan::literals()
  std::string head;          // the rule's bounded head regex ("": none)
  std::size_t head_width = 0;
};

struct RedactLiteral {
  std::string text;
  bool caseless = false;
  bool operator==(const RedactLiteral&) const = default;
};

// Bytes a block scan reads past the end of what it reports, so that assertions at the
// end of a match (\b, $, \Z) see the bytes that follow it.
inline constexpr std::size_t redact_lookahead = 16;

class RedactPlan {
public:
  static Result<std::shared_ptr<const RedactPlan>>
  build(std::shared_ptr<const scanner::CompiledRules> rules);

  const std::shared_ptr<const scanner::CompiledRules>& rules() const { return rules_; }
  const RuleReach& reach(std::uint32_t rule) const { return reach_[rule]; }
  std::size_t line_window() const { return line_window_; } // max window, line-local rules
  const std::vector<RedactHold>& holds() const { return holds_; }
  const std::vector<RedactLiteral>& literals() const { return literals_; }
  // Database ids: rule i is i, literal j is literal_id(j).
  std::uint32_t literal_id(std::size_t j) const {
    return static_cast<std::uint32_t>(rules_->rules().size() + j);
  }
  // Compiled (or loaded) on first call; null if that failed, and then db_status() says why.
  const hs_database_t* block_db() const;
  const hs_database_t* stream_db() const;
  Status db_status() const;
  // Bytes before a block that its scan must read: the widest match of any rule.
  std::size_t overlap() const { return rules_->max_window() + redact_lookahead; }

private:
  std::shared_ptr<const scanner::CompiledRules> rules_;
  std::vector<RuleReach> reach_;
  std::size_t line_window_ = 0;
  std::vector<RedactHold> holds_;
  std::vector<RedactLiteral> literals_;
  std::string cache_dir_; // "" when the disk cache is off
  struct LazyDb {
    std::once_flag once;
    scanner::HsDatabase db;
    Status status;
  };
  mutable LazyDb block_, stream_;
  const hs_database_t* database(LazyDb& lazy, unsigned mode) const;
};

} // namespace keysift::redact
