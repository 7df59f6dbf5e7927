#include "scanner/compiled_rules.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>

#include <cstdlib>
#include <unistd.h>

#include "scanner/db_cache.h"

namespace keysift::scanner {
namespace {

// Both engines see `^` and `$` at line boundaries, and bytes rather than UTF-8.
constexpr unsigned base_hs_flags = HS_FLAG_MULTILINE;

RE2::Options re2_options() {
  RE2::Options opt;
  opt.set_encoding(RE2::Options::EncodingLatin1);
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  return opt;
}

Result<std::unique_ptr<RE2>> compile_re2(const std::string& pattern, bool multiline) {
  auto re = std::make_unique<RE2>(multiline ? "(?m)" + pattern : pattern, re2_options());
  if (!re->ok()) return Status::error("invalid regex '" + pattern + "': " + re->error());
  return re;
}

Result<std::vector<std::unique_ptr<RE2>>>
compile_all(const std::vector<std::string>& pats) {
  std::vector<std::unique_ptr<RE2>> out;
  for (const auto& p : pats) {
    auto re = compile_re2(p, false);
    if (!re) return re.status();
    out.push_back(std::move(re).value());
  }
  return out;
}

Result<CompiledAllowlist> compile_allowlist(const rules::Allowlist& list) {
  CompiledAllowlist out;
  out.target = list.target;
  out.stopwords = list.stopwords;
  auto regexes = compile_all(list.regexes);
  if (!regexes) return regexes.status();
  out.regexes = std::move(regexes).value();
  auto paths = compile_all(list.paths);
  if (!paths) return paths.status();
  out.paths = std::move(paths).value();
  return out;
}

Result<int> resolve_secret_group(const std::string& spec, const RE2& re) {
  const int groups = re.NumberOfCapturingGroups();
  const auto& named = re.NamedCapturingGroups();
  if (spec.empty()) {
    if (auto it = named.find("secret"); it != named.end()) return it->second;
    return groups > 0 ? 1 : 0;
  }
  if (std::all_of(spec.begin(), spec.end(),
                  [](unsigned char c) { return c >= '0' && c <= '9'; })) {
    const int n = std::atoi(spec.c_str());
    if (n > groups)
      return Status::error("secret_group " + spec + " but the regex has " +
                           std::to_string(groups) + " groups");
    return n;
  }
  if (auto it = named.find(spec); it != named.end()) return it->second;
  return Status::error("secret_group '" + spec + "' is not a group of the regex");
}

// Asks Hyperscan whether it can compile the rule exactly, and how wide a match can be.
Status hs_analyse(CompiledRule& cr, unsigned& flags) {
  flags = base_hs_flags;
  for (int attempt = 0; attempt < 2; ++attempt) {
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* raw_err = nullptr;
    if (hs_expression_info(cr.rule.regex.c_str(), flags, &info, &raw_err) == HS_SUCCESS) {
      const bool bounded = info->max_width != UINT_MAX && !cr.prefilter;
      cr.window = bounded ? static_cast<std::size_t>(info->max_width) : unbounded_window;
      std::free(info);
      if (cr.window == 0) return Status::error("the regex can only match an empty string");
      return Status::ok();
    }
    HsCompileError err(raw_err);
    if (attempt == 1)
      return Status::error("Hyperscan cannot compile the regex: " +
                           std::string(err->message));
    flags |= HS_FLAG_PREFILTER;
    cr.prefilter = true;
  }
  return Status::ok();
}

Result<CompiledRule> compile_rule(rules::Rule rule) {
  CompiledRule cr;
  cr.rule = std::move(rule);
  const rules::Rule& r = cr.rule;
  auto fail = [&](const std::string& msg) {
    return Status::error(r.origin + ": rule '" + r.id + "': " + msg);
  };
  cr.regex = std::make_unique<RuleRegex>(r.regex, r.secret_group);
  if (!r.validate.empty() && !(cr.validate = find_validator(r.validate)))
    return fail("unknown validator '" + r.validate + "'");
  auto paths = compile_all(r.paths);
  if (!paths) return fail(paths.error());
  cr.paths = std::move(paths).value();
  for (const auto& list : r.allowlists) {
    auto compiled = compile_allowlist(list);
    if (!compiled) return fail(compiled.error());
    cr.allowlists.push_back(std::move(compiled).value());
  }
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

// The analysis is cached beside the databases, keyed like them, so a short run skips
// one Hyperscan parse per rule. The file holds one "window prefilter" line per rule.
std::string analysis_path(const std::string& dir, const std::vector<CompiledRule>& rules) {
  DbSpec spec;
  for (unsigned i = 0; i < rules.size(); ++i) {
    spec.expressions.push_back(rules[i].rule.regex.c_str());
    spec.flags.push_back(base_hs_flags);
    spec.ids.push_back(i);
  }
  spec.salt = "analysis";
  return dir + "/analysis-" + db_cache_key(spec) + ".txt";
}

bool load_analysis(const std::string& path, std::vector<CompiledRule>& rules,
                   std::vector<unsigned>& flags) {
  std::ifstream in(path);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    std::size_t window = 0;
    int prefilter = 0;
    if (!(in >> window >> prefilter) || window == 0 || (prefilter != 0 && prefilter != 1))
      return false;
    rules[i].window = window;
    rules[i].prefilter = prefilter == 1;
    flags[i] = base_hs_flags | (prefilter == 1 ? HS_FLAG_PREFILTER : 0u);
  }
  std::string rest;
  return !(in >> rest); // exactly one line per rule
}

void store_analysis(const std::string& path, const std::vector<CompiledRule>& rules) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  {
    std::ofstream out(tmp);
    for (const auto& cr : rules) out << cr.window << ' ' << (cr.prefilter ? 1 : 0) << '\n';
    if (!out) return;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

Status analyse(std::vector<CompiledRule>& rules, std::vector<unsigned>& flags,
               const std::string& cache_dir) {
  flags.assign(rules.size(), base_hs_flags);
  const std::string path = cache_dir.empty() ? "" : analysis_path(cache_dir, rules);
  if (!path.empty() && load_analysis(path, rules, flags)) return Status::ok();
  if (auto st = analyse_all(rules, flags); !st) return st;
  if (!path.empty()) store_analysis(path, rules);
  return Status::ok();
}

// Compiles every rule's RE2 now (the checks a cache entry vouches for).
Status compile_regexes(const std::vector<CompiledRule>& rules) {
  for (const auto& cr : rules)
    if (auto st = cr.regex->compile(); !st)
      return Status::error(cr.rule.origin + ": rule '" + cr.rule.id + "': " + st.message());
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
    spec.expressions.push_back(rules[i].rule.regex.c_str());
    spec.ids.push_back(i);
    spec.salt += rules[i].rule.secret_group + '\n';
  }
  return cached_database(cache_dir, spec, [&]() -> Result<HsDatabase> {
    if (auto st = compile_regexes(rules); !st) return st;
    hs_database_t* db = nullptr;
    hs_compile_error_t* raw_err = nullptr;
    if (hs_compile_multi(spec.expressions.data(), spec.flags.data(), spec.ids.data(),
                         static_cast<unsigned>(spec.expressions.size()), mode, nullptr, &db,
                         &raw_err) != HS_SUCCESS) {
      HsCompileError err(raw_err);
      std::string where;
      if (err->expression >= 0)
        where = "rule '" + rules[static_cast<std::size_t>(err->expression)].rule.id + "': ";
      return Status::error("compiling the rule database: " + where + err->message);
    }
    return HsDatabase(db);
  });
}

} // namespace

Status RuleRegex::compile() const {
  std::call_once(once_, [this] {
    auto re = compile_re2(pattern_, true);
    if (!re) {
      status_ = re.status();
      return;
    }
    if (RE2::FullMatch("", **re)) {
      status_ = Status::error("the regex matches an empty string");
      return;
    }
    auto group = resolve_secret_group(group_spec_, **re);
    if (!group) {
      status_ = group.status();
      return;
    }
    group_ = *group;
    re_ = std::move(re).value();
  });
  return status_;
}

Result<std::shared_ptr<const CompiledRules>>
CompiledRules::compile(rules::RuleSet set, CompileOptions options) {
  auto out = std::make_shared<CompiledRules>();
  if (options.db_cache) out->db_cache_dir_ = db_cache_dir();
  std::sort(set.rules.begin(), set.rules.end(),
            [](const rules::Rule& a, const rules::Rule& b) { return a.id < b.id; });
  for (auto& rule : set.rules) {
    auto cr = compile_rule(std::move(rule));
    if (!cr) return cr.status();
    out->rules_.push_back(std::move(cr).value());
  }
  if (auto st = analyse(out->rules_, out->flags_, out->db_cache_dir_); !st) return st;
  for (const auto& cr : out->rules_)
    out->max_window_ = std::max(out->max_window_, cr.window);
  auto global = compile_allowlist(set.global);
  if (!global) return Status::error("global allowlist: " + global.error());
  out->global_ = std::move(global).value();
  if (out->rules_.empty()) return Status::error("no rules to scan with");
  auto db = build_db(out->rules_, out->flags_, HS_MODE_BLOCK, out->db_cache_dir_);
  if (!db) return db.status();
  out->block_ = std::move(db).value();
  if (!options.db_cache)
    if (auto st = compile_regexes(out->rules_); !st) return st;
  return std::shared_ptr<const CompiledRules>(std::move(out));
}

const hs_database_t* CompiledRules::stream_db() const {
  std::call_once(stream_once_, [this] {
    auto db = build_db(rules_, flags_, HS_MODE_STREAM, db_cache_dir_);
    if (db) stream_ = std::move(db).value();
  });
  return stream_.get();
}

} // namespace keysift::scanner
