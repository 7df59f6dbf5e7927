#include "scanner/compiled_rules.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <cstdlib>
#include <unistd.h>

#include "rules/secret_tail.h"
#include "scanner/db_cache.h"
#include "scanner/hs_dialect.h"

namespace keysift::scanner {
namespace {

// Both engines see `^` and `$` at line boundaries, and bytes rather than UTF-8.
constexpr unsigned base_hs_flags = HS_FLAG_MULTILINE;

// One LazyRegex per distinct pattern of a rule set (allowlists' and paths' regexes).
class RegexPool {
public:
  LazyRegexes all(const std::vector<std::string>& patterns) {
    LazyRegexes out;
    for (const auto& p : patterns) {
      auto& re = pool_[p];
      if (!re) re = std::make_shared<const LazyRegex>(p);
      out.push_back(re);
    }
    return out;
  }

private:
  std::unordered_map<std::string, std::shared_ptr<const LazyRegex>> pool_;
};

CompiledAllowlist lazy_allowlist(const rules::Allowlist& list, RegexPool& pool) {
  CompiledAllowlist out;
  out.target = list.target;
  out.stopwords = list.stopwords;
  out.regexes = pool.all(list.regexes);
  out.paths = pool.all(list.paths);
  return out;
}

Status compile_all(const LazyRegexes& regexes) {
  for (const auto& re : regexes)
    if (auto st = re->compile(); !st) return st;
  return Status::ok();
}

Status compile_allowlist(const CompiledAllowlist& list) {
  if (auto st = compile_all(list.regexes); !st) return st;
  return compile_all(list.paths);
}

// Compiles every RE2 of a rule, of its path filters and of its allowlists.
Status compile_rule_regexes(const CompiledRule& cr) {
  Status st = cr.regex->compile();
  if (st) st = compile_all(cr.paths);
  for (const auto& list : cr.allowlists)
    if (st) st = compile_allowlist(list);
  if (st) return st;
  return Status::error(cr.rule.origin + ": rule '" + cr.rule.id + "': " + st.message());
}

// Hyperscan's view of a pattern: the flags to compile it with (HS_FLAG_PREFILTER added
// when Hyperscan cannot run it exactly) and its widest match (UINT_MAX: unbounded).
Status hs_info(const std::string& pattern, unsigned& flags, unsigned& max_width) {
  flags = base_hs_flags;
  for (int attempt = 0;; ++attempt) {
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* raw_err = nullptr;
    if (hs_expression_info(pattern.c_str(), flags, &info, &raw_err) == HS_SUCCESS) {
      max_width = info->max_width;
      std::free(info);
      return Status::ok();
    }
    HsCompileError err(raw_err);
    if (attempt == 1) return Status::error(err->message);
    flags |= HS_FLAG_PREFILTER;
  }
}

// What Hyperscan runs for a rule (its regex, or its prefilter), with which flags, and the
// window RE2 searches around a hit. With a prefilter, a hit ends inside the regex's match,
// so the regex's widest match bounds the window.
Status hs_analyse(CompiledRule& cr, unsigned& flags) {
  unsigned width = 0;
  if (auto st = hs_info(cr.hs_regex, flags, width); !st)
    return Status::error("Hyperscan cannot compile the regex: " + st.message());
  const bool exact = !(flags & HS_FLAG_PREFILTER);
  cr.prefilter = !exact || !cr.rule.prefilter.empty(); // Hyperscan finds a superset
  if (!cr.rule.prefilter.empty()) {
    unsigned prefilter_width = 0;
    if (auto st = hs_info(cr.hs_prefilter, flags, prefilter_width); !st)
      return Status::error("Hyperscan cannot compile the prefilter: " + st.message());
  }
  cr.window =
      exact && width != UINT_MAX ? static_cast<std::size_t>(width) : unbounded_window;
  if (cr.window == 0) return Status::error("the regex can only match an empty string");
  return Status::ok();
}

Result<CompiledRule> compile_rule(const rules::Rule& r, RegexPool& pool) {
  CompiledRule cr(r);
  auto fail = [&](const std::string& msg) {
    return Status::error(r.origin + ": rule '" + r.id + "': " + msg);
  };
  cr.regex = std::make_unique<RuleRegex>(r.regex, r.secret_group);
  cr.hs_regex = hs_dialect(r.regex);
  cr.hs_prefilter = hs_dialect(r.prefilter);
  if (!r.validate.empty() && !(cr.validate = find_validator(r.validate)))
    return fail("unknown validator '" + r.validate + "'");
  if (r.value == "literal" && r.prefilter.empty() &&
      (r.secret_group.empty() || r.secret_group == "secret"))
    cr.value_tail = rules::secret_tail_width(r.regex);
  cr.paths = pool.all(r.paths);
  for (const auto& list : r.allowlists) cr.allowlists.push_back(lazy_allowlist(list, pool));
  return cr;
}

// Asks Hyperscan, rule by rule, for each one's window and whether it needs prefiltering.
Status analyse_all(std::vector<CompiledRule>& rules, std::vector<unsigned>& flags) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    CompiledRule& cr = rules[i];
    if (auto st = hs_analyse(cr, flags[i]); !st) {
      // RE2 names syntax errors more plainly than Hyperscan does.
      auto re2_st = cr.regex->compile();
      return Status::error(cr.rule.origin + ": rule '" + cr.rule.id +
                           "': " + (re2_st ? st.message() : re2_st.message()));
    }
  }
  return Status::ok();
}

void add_patterns(std::string& salt, const std::vector<std::string>& patterns) {
  salt += std::to_string(patterns.size()) + '\n';
  for (const auto& p : patterns) salt += std::to_string(p.size()) + ':' + p;
}

void add_allowlist(std::string& salt, const rules::Allowlist& list) {
  add_patterns(salt, list.regexes);
  add_patterns(salt, list.paths);
}

// The analysis is cached beside the databases, keyed like them, so a short run skips
// one Hyperscan parse per rule. The file holds one "window prefilter flags" line per rule,
// and is only written once every RE2 of the rules compiled: its key covers every regex
// of the rules (patterns, path filters, allowlists), so an entry vouches for all of them.
// The global allowlist is not in the key: it is checked on every run.
std::string analysis_name(const std::vector<CompiledRule>& rules) {
  DbSpec spec;
  spec.salt = "analysis-5\n"; // 5: Hyperscan reads hs_dialect()
  for (unsigned i = 0; i < rules.size(); ++i) {
    const rules::Rule& r = rules[i].rule;
    spec.expressions.push_back(rules[i].hs_regex.c_str());
    spec.flags.push_back(base_hs_flags);
    spec.ids.push_back(i);
    spec.salt += r.secret_group + '\n';
    add_patterns(spec.salt, {r.regex, r.prefilter}); // RE2's spelling too
    add_patterns(spec.salt, r.paths);
    spec.salt += std::to_string(r.allowlists.size()) + '\n';
    for (const auto& list : r.allowlists) add_allowlist(spec.salt, list);
  }
  return "analysis-" + cache_key(spec) + ".txt";
}

bool load_analysis(const std::string& dir, const std::string& name,
                   std::vector<CompiledRule>& rules, std::vector<unsigned>& flags) {
  const auto entry = read_cache_entry(dir, name, max_analysis_size);
  if (!entry) return false;
  std::istringstream in{std::string(entry->bytes())};
  for (std::size_t i = 0; i < rules.size(); ++i) {
    std::size_t window = 0;
    int prefilter = 0;
    unsigned hs_flags = 0;
    if (!(in >> window >> prefilter >> hs_flags) || window == 0 ||
        (prefilter != 0 && prefilter != 1) ||
        (hs_flags & ~(base_hs_flags | HS_FLAG_PREFILTER)) != 0)
      return false;
    rules[i].window = window;
    rules[i].prefilter = prefilter == 1;
    flags[i] = hs_flags;
  }
  std::string rest;
  return !(in >> rest); // exactly one line per rule
}

void store_analysis(const std::string& dir, const std::string& name,
                    const std::vector<CompiledRule>& rules,
                    const std::vector<unsigned>& flags) {
  std::string text;
  for (std::size_t i = 0; i < rules.size(); ++i)
    text += std::to_string(rules[i].window) + ' ' + (rules[i].prefilter ? '1' : '0') + ' ' +
            std::to_string(flags[i]) + '\n';
  store_cache_entry(dir, name, text);
}

// Compiles every rule's RE2 now (the checks a cache entry vouches for).
Status compile_regexes(const std::vector<CompiledRule>& rules) {
  for (const auto& cr : rules)
    if (auto st = cr.regex->compile(); !st)
      return Status::error(cr.rule.origin + ": rule '" + cr.rule.id + "': " + st.message());
  return Status::ok();
}

// The global allowlist (a config's few regexes) compiles, or the run stops.
Status check_global(const CompiledAllowlist& global) {
  if (auto st = compile_allowlist(global); !st)
    return Status::error("global allowlist: " + st.message());
  return Status::ok();
}

// Each rule's window and prefilter flag, from the cache when an entry vouches for the
// rules; otherwise from Hyperscan, after checking that every RE2 compiles.
Status analyse(std::vector<CompiledRule>& rules, std::vector<unsigned>& flags,
               const CompiledAllowlist& global, const std::string& cache_dir) {
  flags.assign(rules.size(), base_hs_flags);
  const std::string name = analysis_name(rules);
  if (load_analysis(cache_dir, name, rules, flags)) return check_global(global);
  if (auto st = analyse_all(rules, flags); !st) return st;
  for (const auto& cr : rules)
    if (auto st = compile_rule_regexes(cr); !st) return st;
  if (auto st = check_global(global); !st) return st;
  store_analysis(cache_dir, name, rules, flags);
  return Status::ok();
}

// The Hyperscan database, from the disk cache if an entry matches. An entry is only ever
// written after every rule's RE2 compiled, so a cache hit leaves RE2s to first use.
Result<HsDatabase> build_db(const std::vector<CompiledRule>& rules,
                            const std::vector<unsigned>& flags, unsigned mode,
                            const std::string& cache_dir) {
  DbSpec spec;
  spec.flags = flags;
  spec.mode = mode;
  for (unsigned i = 0; i < rules.size(); ++i) {
    spec.expressions.push_back(rules[i].hs_pattern().c_str());
    spec.ids.push_back(i);
    spec.salt += rules[i].rule.secret_group + '\n';
  }
  return cached_database(
      cache_dir, spec, [&](const hs_platform_info_t* platform) -> Result<HsDatabase> {
        if (auto st = compile_regexes(rules); !st) return st;
        hs_database_t* db = nullptr;
        hs_compile_error_t* raw_err = nullptr;
        if (hs_compile_multi(spec.expressions.data(), spec.flags.data(), spec.ids.data(),
                             static_cast<unsigned>(spec.expressions.size()), mode, platform,
                             &db, &raw_err) != HS_SUCCESS) {
          HsCompileError err(raw_err);
          std::string where;
          if (err->expression >= 0)
            where =
                "rule '" + rules[static_cast<std::size_t>(err->expression)].rule.id + "': ";
          return Status::error("compiling the rule database: " + where + err->message);
        }
        return HsDatabase(db);
      });
}

} // namespace

Result<std::shared_ptr<const CompiledRules>>
CompiledRules::compile(rules::RuleSet set, CompileOptions options) {
  auto out = std::make_shared<CompiledRules>();
  out->db_cache_dir_ = std::move(options.cache_dir);
  std::sort(set.rules.begin(), set.rules.end(),
            [](const rules::Rule& a, const rules::Rule& b) { return a.id < b.id; });
  out->set_ = std::make_shared<const rules::RuleSet>(std::move(set));
  RegexPool pool;
  for (const auto& rule : out->set_->rules) {
    auto cr = compile_rule(rule, pool);
    if (!cr) return cr.status();
    out->rules_.push_back(std::move(cr).value());
  }
  if (out->rules_.empty()) return Status::error("no rules to scan with");
  out->global_ = lazy_allowlist(out->set_->global, pool);
  if (auto st = analyse(out->rules_, out->flags_, out->global_, out->db_cache_dir_); !st)
    return st;
  for (const auto& cr : out->rules_)
    out->max_window_ = std::max(out->max_window_, cr.window);
  auto db = build_db(out->rules_, out->flags_, HS_MODE_BLOCK, out->db_cache_dir_);
  if (!db) return db.status();
  out->block_ = std::move(db).value();
  return std::shared_ptr<const CompiledRules>(std::move(out));
}

std::vector<std::string> CompiledRules::lazy_failures() const {
  std::vector<std::string> out;
  auto check = [&out](const std::string& where, const LazyRegex& re) {
    if (!re.failure()) out.push_back(where + ": " + re.failure().message());
  };
  auto check_list = [&](const std::string& where, const CompiledAllowlist& list) {
    for (const auto& re : list.regexes) check(where, *re);
    for (const auto& re : list.paths) check(where, *re);
  };
  for (const auto& cr : rules_) {
    const std::string where = cr.rule.origin + ": rule '" + cr.rule.id + "'";
    check(where, *cr.regex);
    for (const auto& re : cr.paths) check(where, *re);
    for (const auto& list : cr.allowlists) check_list(where, list);
  }
  check_list("global allowlist", global_);
  return out;
}

const hs_database_t* CompiledRules::stream_db() const {
  std::call_once(stream_once_, [this] {
    auto db = build_db(rules_, flags_, HS_MODE_STREAM, db_cache_dir_);
    if (db) stream_ = std::move(db).value();
  });
  return stream_.get();
}

} // namespace keysift::scanner
