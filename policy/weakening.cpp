#include "policy/weakening.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "policy/effective_config.h"

namespace keysift::policy {
namespace {

// "file:line[:column]" -> its parts (a file name may itself hold ':').
Weakening at(const std::string& where, std::string item, std::string what) {
  Weakening w{where, 0, 0, std::move(item), std::move(what)};
  auto number_at_end = [](std::string& s, std::uint64_t& n) {
    const std::size_t colon = s.rfind(':');
    if (colon == std::string::npos || colon + 1 == s.size()) return false;
    const std::string digits = s.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9)
      return false;
    n = std::stoull(digits);
    s.resize(colon);
    return true;
  };
  std::uint64_t a = 0, b = 0;
  if (number_at_end(w.file, a)) {
    if (number_at_end(w.file, b)) {
      w.line = b;
      w.column = a;
    } else {
      w.line = a;
    }
  }
  return w;
}

using RuleMap = std::map<std::string, const rules::Rule*>;

RuleMap by_id(const rules::RuleSet& set) {
  RuleMap out;
  for (const auto& r : set.rules) out[r.id] = &r;
  return out;
}

bool contains_all(const std::vector<std::string>& big,
                  const std::vector<std::string>& small) {
  return std::all_of(small.begin(), small.end(), [&](const std::string& s) {
    return std::find(big.begin(), big.end(), s) != big.end();
  });
}

// Why head rule `h` may find less than base rule `b` ("" when it cannot).
std::string narrowed(const rules::Rule& b, const rules::Rule& h) {
  std::vector<std::string> why;
  if (h.regex != b.regex || h.secret_group != b.secret_group)
    why.push_back("its regex changes");
  if (h.validate != b.validate) why.push_back("its format check changes");
  if (h.prefilter != b.prefilter) why.push_back("its prefilter changes");
  if (!h.keywords.empty() && (b.keywords.empty() || !contains_all(h.keywords, b.keywords)))
    why.push_back("its keywords narrow");
  if (h.min_entropy > b.min_entropy)
    why.push_back(
        fmt::format("min_entropy rises from {:g} to {:g}", b.min_entropy, h.min_entropy));
  if (!h.paths.empty() && (b.paths.empty() || !contains_all(h.paths, b.paths)))
    why.push_back("its path filter narrows");
  for (const auto& a : h.allowlists)
    if (std::find(b.allowlists.begin(), b.allowlists.end(), a) == b.allowlists.end()) {
      why.push_back("it gains an allowlist");
      break;
    }
  return fmt::format("{}", fmt::join(why, "; "));
}

// Where the head config says something about rule `id` (an override, its own definition).
std::string rule_where(const ProjectConfig* head, const std::string& id) {
  if (!head) return "";
  for (const auto& o : head->overrides)
    if (o.id.value == id) return o.id.where;
  for (const auto& r : head->rules)
    if (r.id == id) return r.origin;
  return head->origin;
}

// Where the head config stops rule `r`.
std::string stop_where(const ProjectConfig* head, const rules::Rule& r) {
  if (!head) return "";
  for (const auto& d : head->disabled_rules)
    if (d.value == r.id) return d.where;
  for (const auto& t : head->disabled_tags)
    if (std::find(r.tags.begin(), r.tags.end(), t.value) != r.tags.end()) return t.where;
  return head->origin;
}

void compare_rules(const rules::RuleSet& base, const rules::RuleSet& head,
                   const ProjectConfig* head_config, std::vector<Weakening>& out) {
  const RuleMap h = by_id(head);
  std::map<std::string, std::vector<std::string>> stopped; // where -> rule ids
  for (const auto& b : base.rules) {
    const auto it = h.find(b.id);
    if (it == h.end()) {
      stopped[stop_where(head_config, b)].push_back(b.id);
      continue;
    }
    if (const std::string why = narrowed(b, *it->second); !why.empty())
      out.push_back(at(rule_where(head_config, b.id), b.id,
                       fmt::format("rule {} may find less: {}", b.id, why)));
  }
  for (auto& [where, ids] : stopped) {
    std::sort(ids.begin(), ids.end());
    out.push_back(at(where, fmt::format("{}", fmt::join(ids, ", ")),
                     fmt::format("stops running {} rule{}: {}", ids.size(),
                                 ids.size() == 1 ? "" : "s", fmt::join(ids, ", "))));
  }
}

std::set<std::string> scope(const PolicyAllowlist& a) {
  std::set<std::string> out;
  for (const auto& id : a.rule_ids) out.insert(id.value);
  return out;
}

bool same_items(const std::vector<Located>& a, const std::vector<Located>& b) {
  auto values = [](const std::vector<Located>& v) {
    std::set<std::string> s;
    for (const auto& i : v) s.insert(i.value);
    return s;
  };
  return values(a) == values(b);
}

bool same_allowlist(const PolicyAllowlist& a, const PolicyAllowlist& b) {
  return a.target == b.target && a.require_all == b.require_all && scope(a) == scope(b) &&
         same_items(a.regexes, b.regexes) && same_items(a.stopwords, b.stopwords) &&
         same_items(a.paths, b.paths) && same_items(a.globs, b.globs) &&
         same_items(a.commits, b.commits);
}

// Whether base allowlist `b` waves through, for every rule `h` covers, what item `v` of
// kind `kind` does.
bool covers(const PolicyAllowlist& b, const PolicyAllowlist& h,
            std::vector<Located> PolicyAllowlist::*kind, const std::string& v) {
  if (b.require_all) return false;
  if (kind == &PolicyAllowlist::regexes && b.target != h.target) return false;
  const auto bs = scope(b), hs = scope(h);
  if (!bs.empty() &&
      (hs.empty() || !std::includes(bs.begin(), bs.end(), hs.begin(), hs.end())))
    return false;
  const auto& items = b.*kind;
  return std::any_of(items.begin(), items.end(),
                     [&](const Located& i) { return i.value == v; });
}

void compare_allowlists(const std::vector<PolicyAllowlist>& base,
                        const std::vector<PolicyAllowlist>& head,
                        std::vector<Weakening>& out) {
  static const std::pair<std::vector<Located> PolicyAllowlist::*, const char*> kinds[] = {
      {&PolicyAllowlist::regexes, "regex"},
      {&PolicyAllowlist::stopwords, "stopword"},
      {&PolicyAllowlist::paths, "path regex"},
      {&PolicyAllowlist::globs, "glob"},
      {&PolicyAllowlist::commits, "commit"}};
  for (const auto& h : head) {
    if (h.require_all) {
      if (std::none_of(base.begin(), base.end(),
                       [&](const PolicyAllowlist& b) { return same_allowlist(b, h); }))
        out.push_back(at(h.where, describe_allowlist(h),
                         "adds or widens an allowlist " + describe_allowlist(h)));
      continue;
    }
    const std::string on = h.rule_ids.empty() ? "every rule" : "rules " + [&] {
      std::vector<std::string> ids;
      for (const auto& i : h.rule_ids) ids.push_back(i.value);
      return fmt::format("{}", fmt::join(ids, ", "));
    }();
    for (const auto& [kind, name] : kinds)
      for (const auto& item : h.*kind)
        if (std::none_of(base.begin(), base.end(), [&, k = kind](const PolicyAllowlist& b) {
              return covers(b, h, k, item.value);
            }))
          out.push_back(
              at(item.where, item.value,
                 fmt::format("allowlists on {} the {} '{}'", on, name, item.value)));
  }
}

void compare_entries(const std::vector<Baseline>& base, const std::vector<Baseline>& head,
                     const char* what, std::vector<Weakening>& out) {
  std::multimap<std::string, const BaselineEntry*> known;
  for (const auto& b : base)
    for (const auto& e : b.entries) known.emplace(e.fingerprint, &e);
  for (const auto& h : head)
    for (const auto& e : h.entries) {
      const auto [lo, hi] = known.equal_range(e.fingerprint);
      const bool covered = std::any_of(lo, hi, [&](const auto& kv) {
        const BaselineEntry& b = *kv.second;
        const bool paths = b.path.empty() || b.path == e.path;
        const bool expiry =
            b.expires.empty() || (!e.expires.empty() && e.expires <= b.expires);
        return paths && expiry;
      });
      if (!covered)
        out.push_back(at(fmt::format("{}:{}", h.origin, e.line), e.fingerprint,
                         fmt::format("{} accepts {}{}", what, e.fingerprint,
                                     e.expires.empty() ? "" : " until " + e.expires)));
    }
}

void compare_gitleaks(const std::vector<GitleaksIgnore>& base,
                      const std::vector<GitleaksIgnore>& head,
                      std::vector<Weakening>& out) {
  std::set<std::string> known;
  auto key = [](const GitleaksIgnoreEntry& e) {
    return fmt::format("{}:{}:{}:{}", e.commit, e.file, e.rule, e.line);
  };
  for (const auto& b : base)
    for (const auto& e : b.entries) known.insert(key(e));
  for (const auto& h : head)
    for (const auto& e : h.entries)
      if (!known.count(key(e)))
        out.push_back(at(fmt::format("{}:{}", h.origin, e.at), key(e),
                         ".gitleaksignore accepts " + key(e)));
}

} // namespace

std::vector<Weakening> find_weakenings(const rules::RuleSet& builtin,
                                       const PolicyFiles& base, const PolicyFiles& head) {
  std::vector<Weakening> out;
  const ProjectConfig empty;
  auto eb = apply_config(builtin, base.config ? *base.config : empty);
  auto eh = apply_config(builtin, head.config ? *head.config : empty);
  if (eb && eh && head.config_error.empty()) {
    compare_rules(eb->rules, eh->rules, head.config ? &*head.config : nullptr, out);
    compare_allowlists(eb->allowlists, eh->allowlists, out);
    for (const auto& c : eh->rules.exempt_contexts)
      if (std::find(eb->rules.exempt_contexts.begin(), eb->rules.exempt_contexts.end(),
                    c) == eb->rules.exempt_contexts.end())
        out.push_back(at(head.config->exempt_contexts_where, "exempt_contexts " + c,
                         "[gate] exempt_contexts adds '" + c + "': findings in " + c +
                             " files would no longer fail the check"));
  }
  compare_entries(base.baselines, head.baselines, "the baseline", out);
  compare_entries(base.ignore_files, head.ignore_files, ".keysiftignore", out);
  compare_gitleaks(base.gitleaks_ignores, head.gitleaks_ignores, out);
  return out;
}

void add_weakening_findings(scanner::ScanReport& report,
                            const std::vector<Weakening>& found, const std::string& head) {
  if (found.empty()) return;
  auto set = report.rules ? std::make_shared<rules::RuleSet>(*report.rules)
                          : std::make_shared<rules::RuleSet>();
  rules::Rule rule;
  rule.id = weakened_rule_id;
  rule.description = "A change weakens the project's keysift policy: the base revision "
                     "reports what it would suppress (" +
                     head + ")";
  rule.severity = "high";
  rule.tags = {"policy"};
  const auto pos = std::lower_bound(
      set->rules.begin(), set->rules.end(), rule.id,
      [](const rules::Rule& r, const std::string& id) { return r.id < id; });
  const auto index = static_cast<std::uint32_t>(pos - set->rules.begin());
  set->rules.insert(pos, rule);
  for (auto* list : {&report.findings, &report.allowed})
    for (auto& f : *list)
      if (f.rule >= index) ++f.rule;
  report.rules = set;
  ++report.stats.rules;
  for (const auto& w : found) {
    scanner::Finding f;
    f.rule = index;
    f.origin =
        scanner::make_origin(scanner::FileOrigin{w.file.empty() ? "(policy)" : w.file});
    f.line = f.end_line = w.line;
    f.column = f.end_column = w.column;
    f.secret = w.item;
    f.match = w.what;
    f.line_text = w.what;
    f.fingerprint = scanner::content_fingerprint(weakened_rule_id, w.what);
    report.findings.push_back(std::move(f));
  }
  std::sort(report.findings.begin(), report.findings.end(), scanner::finding_less);
}

} // namespace keysift::policy
