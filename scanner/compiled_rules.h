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
#include "scanner/validators.h"

namespace keysift::scanner {

struct CompiledAllowlist {
  rules::AllowTarget target = rules::AllowTarget::secret;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::string> stopwords;
  std::vector<std::unique_ptr<RE2>> paths;
};

// A rule's RE2 (Latin-1, i.e. byte, semantics) and its secret group, compiled on first
// use: a run whose database came from the cache, and that finds nothing, never pays for
// RE2 at all (a pre-commit check). Thread-safe.
class RuleRegex {
public:
  RuleRegex(std::string pattern, std::string group)
      : pattern_(std::move(pattern)), group_spec_(std::move(group)) {}
  // Compiles once; later calls return the first result.
  Status compile() const;
  // Only after compile() succeeded.
  const RE2& re() const { return *re_; }
  int secret_group() const { return group_; } // 0: whole match

private:
  std::string pattern_, group_spec_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
  mutable int group_ = 0;
  mutable Status status_;
};

struct CompiledRule {
  rules::Rule rule;
  std::unique_ptr<RuleRegex> regex;
  std::size_t window = 0;       // bytes of look-back/ahead around a Hyperscan hit
  bool prefilter = false;       // Hyperscan matches a superset; RE2 decides
  Validator validate = nullptr; // format check on the secret, if the rule names one
  std::vector<std::unique_ptr<RE2>> paths; // rule applies only to matching paths
  std::vector<CompiledAllowlist> allowlists;
};

struct CompileOptions {
  // Reuse Hyperscan databases from the disk cache (scanner/db_cache.h); same results.
  bool db_cache = true;
};

class CompiledRules {
public:
  // Compiles every rule; errors name the rule and where it was defined. When the block
  // database comes from the disk cache, the rules' RE2s (checked when that entry was
  // made) are compiled on first use instead.
  static Result<std::shared_ptr<const CompiledRules>> compile(rules::RuleSet set,
                                                              CompileOptions options = {});

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
  std::string db_cache_dir_; // "" when the disk cache is off
  std::vector<unsigned> flags_;
  std::size_t max_window_ = 0;
};

// The window used for rules whose match width Hyperscan cannot bound.
inline constexpr std::size_t unbounded_window = 64 * 1024;

} // namespace keysift::scanner
