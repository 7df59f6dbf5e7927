#include "policy/project_config.h"

#include <set>

#include <fmt/core.h>

#include "policy/config_toml.h"
#include "policy/gitleaks_config.h"

namespace keysift::policy {
namespace {

using detail::located_strings;
using detail::where_of;
using rules::Where;

Status parse_target(const toml::table& t, rules::AllowTarget& out, const Where& where) {
  std::string target = "secret";
  if (auto st = rules::get_string(t, "target", target, where); !st) return st;
  if (target == "secret")
    out = rules::AllowTarget::secret;
  else if (target == "match")
    out = rules::AllowTarget::match;
  else if (target == "line")
    out = rules::AllowTarget::line;
  else
    return Status::error(
        where.at(*t.get("target"), "'target' must be secret, match or line"));
  return Status::ok();
}

Status parse_condition(const toml::table& t, bool& require_all, const Where& where) {
  std::string condition = "any";
  if (auto st = rules::get_string(t, "condition", condition, where); !st) return st;
  if (condition != "any" && condition != "all")
    return Status::error(where.at(*t.get("condition"), "'condition' must be any or all"));
  require_all = condition == "all";
  return Status::ok();
}

Result<PolicyAllowlist> parse_allowlist(const toml::table& t, const Where& where) {
  if (auto st = rules::check_keys(t,
                                  {"description", "target", "condition", "regexes",
                                   "stopwords", "paths", "globs", "commits", "rules"},
                                  where);
      !st)
    return st;
  PolicyAllowlist out;
  out.where = where_of(where.origin, t);
  if (auto st = rules::get_string(t, "description", out.description, where); !st) return st;
  if (auto st = parse_target(t, out.target, where); !st) return st;
  if (auto st = parse_condition(t, out.require_all, where); !st) return st;
  for (auto [key, list, lower] : {std::tuple{"regexes", &out.regexes, false},
                                  {"stopwords", &out.stopwords, true},
                                  {"paths", &out.paths, false},
                                  {"globs", &out.globs, false},
                                  {"commits", &out.commits, true},
                                  {"rules", &out.rule_ids, false}})
    if (auto st = located_strings(t, key, *list, where, lower); !st) return st;
  if (out.empty())
    return Status::error(where.at(
        t, "an allowlist needs at least one of regexes, stopwords, paths, globs, commits"));
  for (const auto& w : out.stopwords)
    if (w.value.empty())
      return Status::error(w.where + ": an empty stopword allows everything");
  if (auto st = detail::check_regexes(out.regexes, "regexes"); !st) return st;
  if (auto st = detail::check_regexes(out.paths, "paths"); !st) return st;
  if (auto st = detail::check_globs(out.globs); !st) return st;
  return out;
}

Status parse_disable(const toml::table& doc, ProjectConfig& out, const Where& where) {
  const toml::node* node = doc.get("disable");
  if (!node) return Status::ok();
  const toml::table* t = node->as_table();
  if (!t) return Status::error(where.at(*node, "'disable' must be a table"));
  if (auto st = rules::check_keys(*t, {"rules", "tags"}, where); !st) return st;
  if (auto st = located_strings(*t, "rules", out.disabled_rules, where); !st) return st;
  return located_strings(*t, "tags", out.disabled_tags, where);
}

Result<RuleOverride> parse_override(const toml::table& t, const Where& where) {
  if (auto st = rules::check_keys(t, {"id", "severity", "min_entropy", "paths"}, where);
      !st)
    return st;
  RuleOverride o;
  const toml::node* id = t.get("id");
  if (!id || !id->is_string())
    return Status::error(where.at(id ? *id : static_cast<const toml::node&>(t),
                                  "'id' is required: the rule to override"));
  o.id = {id->as_string()->get(), where_of(where.origin, *id)};
  if (const toml::node* s = t.get("severity")) {
    static const std::set<std::string> severities{"critical", "high", "medium", "low",
                                                  "info"};
    if (!s->is_string() || !severities.count(s->as_string()->get()))
      return Status::error(
          where.at(*s, "'severity' must be critical, high, medium, low or info"));
    o.severity = Located{s->as_string()->get(), where_of(where.origin, *s)};
  }
  if (const toml::node* e = t.get("min_entropy")) {
    auto v = e->value<double>();
    if (!v || !(*v >= 0 && *v <= 8))
      return Status::error(where.at(*e, "'min_entropy' must be a number from 0 to 8"));
    o.min_entropy = *v;
    o.min_entropy_where = where_of(where.origin, *e);
  }
  if (t.get("paths")) {
    o.paths.emplace();
    if (auto st = located_strings(t, "paths", *o.paths, where); !st) return st;
    if (auto st = detail::check_regexes(*o.paths, "paths"); !st) return st;
  }
  if (!o.severity && !o.min_entropy && !o.paths)
    return Status::error(where.at(t, "an override needs severity, min_entropy or paths"));
  return o;
}

// Calls `each` with every table of the array of tables `key` (absent: none).
template <class F>
Status each_table(const toml::table& doc, std::string_view key, const Where& where,
                  F each) {
  const toml::node* node = doc.get(key);
  if (!node) return Status::ok();
  const toml::array* arr = node->as_array();
  const std::string message = "'" + std::string(key) + "' must be an array of tables ([[" +
                              std::string(key) + "]])";
  if (!arr) return Status::error(where.at(*node, message));
  for (const auto& item : *arr) {
    if (!item.is_table()) return Status::error(where.at(item, message));
    if (auto st = each(*item.as_table()); !st) return st;
  }
  return Status::ok();
}

Status parse_rules(const toml::table& doc, ProjectConfig& out, const Where& where) {
  std::set<std::string> seen;
  return each_table(doc, "rules", where, [&](const toml::table& t) -> Status {
    auto rule = rules::parse_rule_table(t, out.origin);
    if (!rule) return rule.status();
    if (!seen.insert(rule->id).second)
      return Status::error(where.at(t, "duplicate rule id '" + rule->id + "'"));
    if (auto st = detail::check_regex(rule->regex); !st)
      return Status::error(Where{where.origin, rule->id}.at(
          *t.get("regex"), "invalid regex: " + st.message()));
    out.rules.push_back(std::move(rule).value());
    return Status::ok();
  });
}

Status parse_policy(const toml::table& doc, ProjectConfig& out, const Where& where) {
  if (const toml::node* a = doc.get("allowlist")) {
    if (!a->is_table()) return Status::error(where.at(*a, "'allowlist' must be a table"));
    auto list = parse_allowlist(*a->as_table(), where);
    if (!list) return list.status();
    out.allowlists.push_back(std::move(list).value());
  }
  if (auto st = each_table(doc, "allowlists", where,
                           [&](const toml::table& t) -> Status {
                             auto list = parse_allowlist(t, where);
                             if (!list) return list.status();
                             out.allowlists.push_back(std::move(list).value());
                             return Status::ok();
                           });
      !st)
    return st;
  if (auto st = parse_disable(doc, out, where); !st) return st;
  if (auto st = each_table(doc, "override", where,
                           [&](const toml::table& t) -> Status {
                             auto o = parse_override(t, where);
                             if (!o) return o.status();
                             out.overrides.push_back(std::move(o).value());
                             return Status::ok();
                           });
      !st)
    return st;
  if (const toml::node* g = doc.get("gate")) {
    if (auto st = rules::parse_gate(*g, out.exempt_contexts, where); !st) return st;
    out.exempt_contexts_where = where_of(where.origin, *g);
  }
  if (const toml::node* b = doc.get("baseline")) {
    if (!b->is_string() || b->as_string()->get().empty())
      return Status::error(where.at(*b, "'baseline' must be a file name"));
    out.baseline = Located{b->as_string()->get(), where_of(where.origin, *b)};
  }
  // Documented, and written by `migrate gitleaks` for a config without useDefault: a
  // parser that refused it made keysift reject the config it had written.
  if (const toml::node* u = doc.get("use_builtin")) {
    if (!u->is_boolean())
      return Status::error(where.at(*u, "'use_builtin' must be true or false"));
    out.use_builtin = u->as_boolean()->get();
  }
  return Status::ok();
}

} // namespace

Result<ProjectConfig> parse_keysift_config(std::string_view text, std::string_view origin,
                                           ConfigLimits limits) {
  if (text.size() > limits.max_bytes)
    return Status::error(fmt::format("{}: {} bytes, more than a config may hold ({})",
                                     origin, text.size(), limits.max_bytes));
  auto doc = rules::parse_toml(text, origin);
  if (!doc) return doc.status();
  ProjectConfig out;
  out.origin = std::string(origin);
  const Where where{out.origin, {}};
  if (auto st = rules::check_keys(*doc,
                                  {"title", "rules", "allowlist", "allowlists", "disable",
                                   "override", "baseline", "gate", "use_builtin"},
                                  where);
      !st)
    return st;
  if (const toml::node* t = doc->get("title"); t && !t->is_string())
    return Status::error(where.at(*t, "'title' must be a string"));
  if (auto st = parse_rules(*doc, out, where); !st) return st;
  if (auto st = parse_policy(*doc, out, where); !st) return st;
  return out;
}

Result<ProjectConfig> parse_config(std::string_view text, std::string_view origin,
                                   const ConfigFileLoader& load, ConfigLimits limits) {
  if (text.size() > limits.max_bytes)
    return Status::error(fmt::format("{}: {} bytes, more than a config may hold ({})",
                                     origin, text.size(), limits.max_bytes));
  auto doc = rules::parse_toml(text, origin);
  if (!doc) return doc.status();
  if (looks_like_gitleaks(*doc)) return parse_gitleaks_config(*doc, origin, load);
  return parse_keysift_config(text, origin, limits);
}

} // namespace keysift::policy
