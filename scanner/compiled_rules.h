// CompiledRules: a RuleSet compiled for scanning. One Hyperscan database holds every
// rule (block mode; the stream-mode database is compiled on first use); each rule also
// has an RE2 that confirms a hit and extracts the secret, its confirmation window, and
// its compiled allowlists. Immutable once built (the lazy stream database is guarded by
// a once_flag): share one instance between all threads.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "rules/rule.h"
#include "rules/status.h"
#include "scanner/hs_handles.h"
#include "scanner/validators.h"

namespace keysift::scanner {

// An RE2 (Latin-1, i.e. byte, semantics) compiled on first use: a run whose rules were
// checked by an earlier run (the cached analysis, see compile()) and that finds nothing
// never pays for RE2 at all (a pre-commit check). Thread-safe.
class LazyRegex {
public:
  explicit LazyRegex(std::string pattern, bool multiline = false)
      : pattern_(std::move(pattern)), multiline_(multiline) {}
  virtual ~LazyRegex() = default;
  // Compiles once; later calls return the first result.
  Status compile() const;
  // Only after compile() succeeded.
  const RE2& re() const { return *re_; }
  // True when the regex compiles and matches somewhere in `text`.
  bool partial_match(std::string_view text) const;
  // The error of a compile() that failed; ok before any compile() (not thread-safe
  // with a first compile(): ask once the scanning threads are done).
  const Status& failure() const { return status_; }

protected:
  // Extra checks on the compiled regex (called once, inside compile()).
  virtual Status check(const RE2&) const { return Status::ok(); }

private:
  std::string pattern_;
  bool multiline_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
  mutable Status status_;
};

// Shared: a pattern that several rules' allowlists and paths repeat (the placeholder
// lists) is compiled, and its DFA warmed, once per rule set (CompiledRules::compile).
using LazyRegexes = std::vector<std::shared_ptr<const LazyRegex>>;

// Whether any of `res` matches somewhere in `text`.
bool any_partial(const LazyRegexes& res, std::string_view text);

struct CompiledAllowlist {
  rules::AllowTarget target = rules::AllowTarget::secret;
  LazyRegexes regexes;
  std::vector<std::string> stopwords;
  LazyRegexes paths;
};

// A rule's regex with its secret group (see rules/README.md).
class RuleRegex : public LazyRegex {
public:
  RuleRegex(std::string pattern, std::string group)
      : LazyRegex(std::move(pattern), true), group_spec_(std::move(group)) {}
  int secret_group() const { return group_; } // 0: whole match; after compile()

protected:
  Status check(const RE2& re) const override;

private:
  std::string group_spec_;
  mutable int group_ = 0;
};

struct CompiledRule {
  explicit CompiledRule(const rules::Rule& r) : rule(r) {}
  const rules::Rule& rule; // in CompiledRules::rule_set(), which outlives this
  std::unique_ptr<RuleRegex> regex;
  std::size_t window = 0; // bytes of look-back/ahead around a Hyperscan hit
  bool prefilter = false; // Hyperscan matches a superset; RE2 decides
  // What Hyperscan runs: the rule's prefilter if it has one, else its regex, both in
  // Hyperscan's spelling (scanner/hs_dialect.h).
  std::string hs_regex, hs_prefilter;
  const std::string& hs_pattern() const {
    return rule.prefilter.empty() ? hs_regex : hs_prefilter;
  }
  // For a rule whose value must be a literal and whose Hyperscan hits end where its
  // matches end (no named prefilter): how far a match reaches past its secret
  // (rules/secret_tail.h), so that the Confirmer can rule out a hit whose value sits in
  // plain code before any RE2 runs. Unknown: RE2 decides every hit.
  std::optional<std::size_t> value_tail;
  Validator validate = nullptr; // format check on the secret, if the rule names one
  LazyRegexes paths;            // the rule applies only to matching paths
  std::vector<CompiledAllowlist> allowlists;
};

struct CompileOptions {
  // The disk cache of Hyperscan databases and rule analyses (scanner/db_cache.h): same
  // results, faster starts. "": no cache, and no built-in databases either.
  std::string cache_dir;
};

class CompiledRules {
public:
  // Compiles every rule; errors name the rule and where it was defined. Every RE2 (rule,
  // path and allowlist regexes) is checked here, unless the disk cache holds the analysis
  // of the same rules, which is only written once they all compiled: then each RE2 is
  // compiled on first use.
  static Result<std::shared_ptr<const CompiledRules>> compile(rules::RuleSet set,
                                                              CompileOptions options = {});

  const std::vector<CompiledRule>& rules() const { return rules_; }
  // The rules as loaded, in id order (the order of rules()): what reports describe.
  const std::shared_ptr<const rules::RuleSet>& rule_set() const { return set_; }
  const CompiledAllowlist& global_allowlist() const { return global_; }
  const hs_database_t* block_db() const { return block_.get(); }
  // The Hyperscan flags of each rule's hs_pattern(), by rule index.
  const std::vector<unsigned>& hs_flags() const { return flags_; }
  // Compiled on first call; nullptr only if compiling failed (reported by compile()).
  const hs_database_t* stream_db() const;
  std::size_t max_window() const { return max_window_; }
  // The disk cache directory the rules were compiled with ("": none); other databases
  // built from them (keysift redact's) use it too.
  const std::string& cache_dir() const { return db_cache_dir_; }
  // Regexes compiled on first use that failed: a cache entry vouched for them wrongly
  // (written by another keysift or RE2). A run that saw any is incomplete. Call once the
  // scanning threads are done.
  std::vector<std::string> lazy_failures() const;

private:
  std::shared_ptr<const rules::RuleSet> set_;
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
inline constexpr std::size_t unbounded_window = std::size_t{64} * 1024;

} // namespace keysift::scanner
