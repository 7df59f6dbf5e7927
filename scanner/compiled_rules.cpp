#include "scanner/compiled_rules.h"

#include <algorithm>
#include <climits>
#include <cstdlib>

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

Result<int> resolve_secret_group(const rules::Rule& rule, const RE2& re) {
  const int groups = re.NumberOfCapturingGroups();
  const auto& named = re.NamedCapturingGroups();
  if (rule.secret_group.empty()) {
    if (auto it = named.find("secret"); it != named.end()) return it->second;
    return groups > 0 ? 1 : 0;
  }
  if (std::all_of(rule.secret_group.begin(), rule.secret_group.end(),
                  [](unsigned char c) { return c >= '0' && c <= '9'; })) {
    const int n = std::atoi(rule.secret_group.c_str());
    if (n > groups)
      return Status::error("secret_group " + rule.secret_group + " but the regex has " +
                           std::to_string(groups) + " groups");
    return n;
  }
  if (auto it = named.find(rule.secret_group); it != named.end()) return it->second;
  return Status::error("secret_group '" + rule.secret_group +
                       "' is not a group of the regex");
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

Result<CompiledRule> compile_rule(rules::Rule rule, unsigned& hs_flags) {
  CompiledRule cr;
  auto fail = [&](const std::string& msg) {
    return Status::error(rule.origin + ": rule '" + rule.id + "': " + msg);
  };
  auto re = compile_re2(rule.regex, true);
  if (!re) return fail(re.error());
  cr.re = std::move(re).value();
  if (RE2::FullMatch("", *cr.re)) return fail("the regex matches an empty string");
  auto group = resolve_secret_group(rule, *cr.re);
  if (!group) return fail(group.error());
  cr.secret_group = *group;
  auto paths = compile_all(rule.paths);
  if (!paths) return fail(paths.error());
  cr.paths = std::move(paths).value();
  for (const auto& list : rule.allowlists) {
    auto compiled = compile_allowlist(list);
    if (!compiled) return fail(compiled.error());
    cr.allowlists.push_back(std::move(compiled).value());
  }
  cr.rule = std::move(rule);
  if (auto st = hs_analyse(cr, hs_flags); !st) return fail(st.message());
  return cr;
}

Result<HsDatabase> build_db(const std::vector<CompiledRule>& rules,
                            const std::vector<unsigned>& flags, unsigned mode) {
  std::vector<const char*> exprs;
  std::vector<unsigned> ids;
  for (unsigned i = 0; i < rules.size(); ++i) {
    exprs.push_back(rules[i].rule.regex.c_str());
    ids.push_back(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw_err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), mode, nullptr, &db,
                       &raw_err) != HS_SUCCESS) {
    HsCompileError err(raw_err);
    std::string where;
    if (err->expression >= 0)
      where = "rule '" + rules[static_cast<std::size_t>(err->expression)].rule.id + "': ";
    return Status::error("compiling the rule database: " + where + err->message);
  }
  return HsDatabase(db);
}

} // namespace

Result<std::shared_ptr<const CompiledRules>> CompiledRules::compile(rules::RuleSet set) {
  auto out = std::make_shared<CompiledRules>();
  std::sort(set.rules.begin(), set.rules.end(),
            [](const rules::Rule& a, const rules::Rule& b) { return a.id < b.id; });
  for (auto& rule : set.rules) {
    unsigned flags = 0;
    auto cr = compile_rule(std::move(rule), flags);
    if (!cr) return cr.status();
    out->max_window_ = std::max(out->max_window_, cr->window);
    out->rules_.push_back(std::move(cr).value());
    out->flags_.push_back(flags);
  }
  auto global = compile_allowlist(set.global);
  if (!global) return Status::error("global allowlist: " + global.error());
  out->global_ = std::move(global).value();
  if (out->rules_.empty()) return Status::error("no rules to scan with");
  auto db = build_db(out->rules_, out->flags_, HS_MODE_BLOCK);
  if (!db) return db.status();
  out->block_ = std::move(db).value();
  return std::shared_ptr<const CompiledRules>(std::move(out));
}

const hs_database_t* CompiledRules::stream_db() const {
  std::call_once(stream_once_, [this] {
    auto db = build_db(rules_, flags_, HS_MODE_STREAM);
    if (db) stream_ = std::move(db).value();
  });
  return stream_.get();
}

} // namespace keysift::scanner
