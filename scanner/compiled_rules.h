// CompiledRules: a RuleSet compiled for scanning. One Hyperscan database holds every
// rule (block mode; the stream-mode database is compiled on first use); each rule also
// has an RE2 that confirms a hit and extracts the secret, its confirmation window, and
// its compiled allowlists. Immutable once built (the lazy stream database is guarded by
// a once_flag): share one instance between all threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "rules/rule.h"
#include "rules/status.h"
#include "scanner/hs_handles.h"

namespace keysift::scanner {

struct CompiledAllowlist {
  rules::AllowTarget target = rules::AllowTarget::secret;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::string> stopwords;
  std::vector<std::unique_ptr<RE2>> paths;
};

struct CompiledRule {
  rules::Rule rule;
  std::unique_ptr<RE2> re; // the rule's regex, Latin-1 (byte) semantics
  int secret_group = 0;    // 0: whole match
  std::size_t window = 0;  // bytes of look-back/ahead around a Hyperscan hit
  bool prefilter = false;  // Hyperscan matches a superset; RE2 decides
  std::vector<std::unique_ptr<RE2>> paths; // rule applies only to matching paths
  std::vector<CompiledAllowlist> allowlists;
};

class CompiledRules {
public:
  // Compiles every rule; errors name the rule and where it was defined.
  static Result<std::shared_ptr<const CompiledRules>> compile(rules::RuleSet set);

  const std::vector<CompiledRule>& rules() const { return rules_; }
  const CompiledAllowlist& global_allowlist() const { return global_; }
  const hs_database_t* block_db() const { return block_.get(); }
  // Compiled on first call; nullptr only if compiling failed (reported by compile()).
  const hs_database_t* stream_db() const;
  std::size_t max_window() const { return max_window_; }

private:
  std::vector<CompiledRule> rules_;
  CompiledAllowlist global_;
  HsDatabase block_;
  mutable HsDatabase stream_;
  mutable std::once_flag stream_once_;
  std::vector<unsigned> flags_;
  std::size_t max_window_ = 0;
};

// The window used for rules whose match width Hyperscan cannot bound.
inline constexpr std::size_t unbounded_window = 64 * 1024;

} // namespace keysift::scanner
