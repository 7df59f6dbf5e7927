#include "redact/redact_plan.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "scanner/db_cache.h"
#include "scanner/hs_dialect.h"

namespace keysift::redact {
namespace {

constexpr std::size_t max_head_width = 2048;

struct FreeInfo {
  void operator()(hs_expr_info_t* info) const { std::free(info); } // hs_misc_alloc: malloc
};

// Hyperscan's bound on the width of `regex`'s matches; 0 when unbounded or invalid.
std::size_t max_width(const std::string& regex) {
  hs_expr_info_t* raw = nullptr;
  hs_compile_error_t* err = nullptr;
  const std::string hs_regex = scanner::hs_dialect(regex);
  if (hs_expression_info(hs_regex.c_str(), HS_FLAG_MULTILINE, &raw, &err) != HS_SUCCESS) {
    scanner::HsCompileError owned(err);
    return 0;
  }
  std::unique_ptr<hs_expr_info_t, FreeInfo> info(raw);
  return info->max_width == UINT_MAX ? 0 : info->max_width;
}

std::string join(const std::vector<std::string>& atoms, std::size_t n) {
  std::string head;
  for (std::size_t i = 0; i < n; ++i) head += atoms[i];
  return head;
}

// What costs a compile to learn about a rule: its secret group, and its head regex (the
// longest concatenation of head atoms whose matches are at most max_head_width long).
struct RuleFacts {
  int group = 0;
  std::size_t head_atoms = 0;
  std::size_t head_width = 0;
  std::string head;
};

bool wants_head(const RuleReach& r) {
  return !r.line_local && !r.literal_prefix.empty() && r.anchor == r.literal_prefix;
}

RuleFacts derive(const scanner::CompiledRule& cr) {
  RuleFacts f;
  f.group = cr.regex->compile() ? cr.regex->secret_group() : 0;
  const RuleReach reach = analyze_rule(cr.rule.regex, f.group);
  if (!wants_head(reach)) return f;
  const auto& atoms = reach.head_atoms;
  const auto fits = [&](std::size_t n) {
    const std::size_t width = max_width(join(atoms, n));
    return width > 0 && width <= max_head_width;
  };
  // Widths grow with the number of atoms: binary search for the longest that fits
  // (hs_expression_info compiles, so it is not called once per atom).
  std::size_t lo = 0, hi = atoms.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (fits(mid))
      lo = mid;
    else
      hi = mid - 1;
  }
  f.head_atoms = lo;
  f.head = join(atoms, lo);
  f.head_width = lo > 0 ? max_width(f.head) : 0;
  return f;
}

std::string facts_name(const std::vector<scanner::CompiledRule>& rules) {
  scanner::DbSpec spec;
  spec.salt = "redact plan 1\n";
  for (unsigned i = 0; i < rules.size(); ++i) {
    spec.expressions.push_back(rules[i].rule.regex.c_str());
    spec.flags.push_back(0);
    spec.ids.push_back(i);
    spec.salt += rules[i].rule.secret_group + '\n';
  }
  // "analysis-*.txt": the cache keeps the newest few, like the rules' own analyses.
  return "analysis-redact-" + scanner::cache_key(spec) + ".txt";
}

// One record per rule: "group atoms width length:head\n". A record whose head is not what
// the current rule analysis gives for that many atoms makes the whole file unusable.
bool load_facts(const std::string& dir, const std::string& name,
                const std::vector<scanner::CompiledRule>& rules,
                std::vector<RuleFacts>& out) {
  const auto entry = scanner::read_cache_entry(dir, name, scanner::max_analysis_size);
  if (!entry) return false;
  std::istringstream in{std::string(entry->bytes())};
  for (const scanner::CompiledRule& cr : rules) {
    RuleFacts f;
    std::size_t length = 0;
    char colon = 0;
    if (!(in >> f.group >> f.head_atoms >> f.head_width >> length) || !in.get(colon) ||
        colon != ':' || f.group < 0 || length > 65536 || f.head_width > max_head_width)
      return false;
    f.head.resize(length);
    if (!in.read(f.head.data(), static_cast<std::streamsize>(length)) || in.get() != '\n')
      return false;
    const RuleReach reach = analyze_rule(cr.rule.regex, f.group);
    const bool ok = wants_head(reach) ? f.head_atoms <= reach.head_atoms.size() &&
                                            join(reach.head_atoms, f.head_atoms) == f.head
                                      : f.head_atoms == 0 && f.head.empty();
    if (!ok) return false;
    out.push_back(std::move(f));
  }
  return in.peek() == std::char_traits<char>::eof();
}

void store_facts(const std::string& dir, const std::string& name,
                 const std::vector<RuleFacts>& facts) {
  std::string text;
  for (const RuleFacts& f : facts)
    text += std::to_string(f.group) + ' ' + std::to_string(f.head_atoms) + ' ' +
            std::to_string(f.head_width) + ' ' + std::to_string(f.head.size()) + ':' +
            f.head + '\n';
  scanner::store_cache_entry(dir, name, text);
}

std::vector<RuleFacts> rule_facts(const std::vector<scanner::CompiledRule>& rules,
                                  const std::string& cache_dir) {
  const std::string name = facts_name(rules);
  std::vector<RuleFacts> facts;
  if (load_facts(cache_dir, name, rules, facts)) return facts;
  facts.clear();
  for (const scanner::CompiledRule& cr : rules) facts.push_back(derive(cr));
  store_facts(cache_dir, name, facts);
  return facts;
}

std::string escape(const std::string& literal) {
  std::string out;
  constexpr std::string_view digits = "0123456789abcdef";
  for (char c : literal) {
    const auto byte = static_cast<unsigned char>(c);
    out += "\\x";
    out += digits[byte >> 4];
    out += digits[byte & 0xf];
  }
  return out;
}

} // namespace

// What CompiledRules runs for each rule (pattern and flags), then the literals.
const hs_database_t* RedactPlan::database(LazyDb& lazy, unsigned mode) const {
  std::call_once(lazy.once, [&] {
    const auto& rules = rules_->rules();
    std::vector<std::string> escaped;
    for (const RedactLiteral& lit : literals_) escaped.push_back(escape(lit.text));
    scanner::DbSpec spec;
    spec.mode = mode;
    spec.salt = "redact rules and literals";
    for (std::size_t i = 0; i < rules.size(); ++i) {
      spec.expressions.push_back(rules[i].hs_pattern().c_str());
      spec.flags.push_back(rules_->hs_flags()[i]);
      spec.ids.push_back(static_cast<unsigned>(i));
    }
    for (std::size_t j = 0; j < literals_.size(); ++j) {
      spec.expressions.push_back(escaped[j].c_str());
      spec.flags.push_back(literals_[j].caseless ? HS_FLAG_CASELESS : 0u);
      spec.ids.push_back(literal_id(j));
    }
    auto db = scanner::cached_database(
        cache_dir_, spec,
        [&](const hs_platform_info_t* platform) -> Result<scanner::HsDatabase> {
          hs_database_t* raw = nullptr;
          hs_compile_error_t* err = nullptr;
          if (hs_compile_multi(spec.expressions.data(), spec.flags.data(), spec.ids.data(),
                               static_cast<unsigned>(spec.expressions.size()), mode,
                               platform, &raw, &err) != HS_SUCCESS) {
            scanner::HsCompileError owned(err);
            return Status::error(std::string("compiling the redact database: ") +
                                 (err ? err->message : "failed"));
          }
          return scanner::HsDatabase(raw);
        });
    if (db)
      lazy.db = std::move(db).value();
    else
      lazy.status = db.status();
  });
  return lazy.db.get();
}

const hs_database_t* RedactPlan::block_db() const {
  return database(block_, HS_MODE_BLOCK);
}
const hs_database_t* RedactPlan::stream_db() const {
  return database(stream_, HS_MODE_STREAM);
}

Status RedactPlan::db_status() const {
  if (!block_.status) return block_.status;
  return stream_.status;
}

Result<std::shared_ptr<const RedactPlan>>
RedactPlan::build(std::shared_ptr<const scanner::CompiledRules> rules) {
  auto plan = std::make_shared<RedactPlan>();
  plan->rules_ = std::move(rules);
  plan->cache_dir_ = plan->rules_->cache_dir();
  const auto& compiled = plan->rules_->rules();
  const std::vector<RuleFacts> facts = rule_facts(compiled, plan->cache_dir_);
  auto& literals = plan->literals_;
  for (std::size_t i = 0; i < compiled.size(); ++i) {
    plan->reach_.push_back(analyze_rule(compiled[i].rule.regex, facts[i].group));
    const RuleReach& rr = plan->reach_.back();
    if (rr.line_local) {
      plan->line_window_ = std::max(plan->line_window_, compiled[i].window);
      continue;
    }
    RedactHold h{compiled[i].window, rr.anchor,          rr.anchor_caseless, 0,
                 facts[i].head,      facts[i].head_width};
    if (!h.prefix.empty()) {
      const RedactLiteral lit{h.prefix, h.caseless};
      auto it = std::find(literals.begin(), literals.end(), lit);
      h.literal = static_cast<std::uint32_t>(it - literals.begin());
      if (it == literals.end()) literals.push_back(lit);
    }
    plan->holds_.push_back(std::move(h));
  }
  return std::shared_ptr<const RedactPlan>(std::move(plan));
}

} // namespace keysift::redact
