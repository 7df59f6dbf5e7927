#include "policy/effective_config.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace keysift::policy {
namespace {

bool has_tag(const rules::Rule& r, const std::string& tag) {
  return std::find(r.tags.begin(), r.tags.end(), tag) != r.tags.end();
}

std::vector<std::string> values(const std::vector<Located>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(i.value);
  return out;
}

// Removes the disabled built-in rules; fails on a name nothing answers to.
Status disable(rules::RuleSet& set, const ProjectConfig& config) {
  std::set<std::string> off;
  for (const auto& id : config.disabled_rules) {
    const bool known = std::any_of(set.rules.begin(), set.rules.end(),
                                   [&](const rules::Rule& r) { return r.id == id.value; });
    if (!known && config.format == ProjectConfig::Format::keysift)
      return Status::error(id.where + ": no built-in rule '" + id.value + "' to disable");
    off.insert(id.value);
  }
  for (const auto& tag : config.disabled_tags) {
    bool any = false;
    for (const auto& r : set.rules)
      if (has_tag(r, tag.value)) {
        off.insert(r.id);
        any = true;
      }
    if (!any)
      return Status::error(tag.where + ": no built-in rule is tagged '" + tag.value + "'");
  }
  std::erase_if(set.rules, [&](const rules::Rule& r) { return off.count(r.id) > 0; });
  return Status::ok();
}

Status override_rules(rules::RuleSet& set, const ProjectConfig& config,
                      std::vector<std::string>& warnings) {
  for (const auto& o : config.overrides) {
    auto it = std::find_if(set.rules.begin(), set.rules.end(),
                           [&](const rules::Rule& r) { return r.id == o.id.value; });
    if (it == set.rules.end()) {
      const bool disabled =
          std::any_of(config.disabled_rules.begin(), config.disabled_rules.end(),
                      [&](const Located& d) { return d.value == o.id.value; });
      if (disabled || config.format == ProjectConfig::Format::gitleaks) {
        warnings.push_back(o.id.where + ": rule '" + o.id.value +
                           "' is disabled: its override is ignored");
        continue;
      }
      return Status::error(o.id.where + ": no rule '" + o.id.value + "' to override");
    }
    if (o.severity) it->severity = o.severity->value;
    if (o.min_entropy) it->min_entropy = *o.min_entropy;
    if (o.paths) it->paths = values(*o.paths);
  }
  return Status::ok();
}

Status check_scopes(const rules::RuleSet& set, const ProjectConfig& config) {
  std::set<std::string> ids;
  for (const auto& r : set.rules) ids.insert(r.id);
  for (const auto& a : config.allowlists)
    for (const auto& id : a.rule_ids)
      if (!ids.count(id.value))
        return Status::error(id.where + ": the allowlist names rule '" + id.value +
                             "', which is not in use");
  return Status::ok();
}

} // namespace

Result<EffectiveConfig> apply_config(rules::RuleSet builtin, const ProjectConfig& config) {
  EffectiveConfig out;
  out.warnings = config.warnings;
  if (!config.use_builtin) builtin.rules.clear();
  if (auto st = disable(builtin, config); !st) return st;
  for (const auto& rule : config.rules) {
    auto it = std::find_if(builtin.rules.begin(), builtin.rules.end(),
                           [&](const rules::Rule& r) { return r.id == rule.id; });
    if (it == builtin.rules.end())
      builtin.rules.push_back(rule);
    else
      *it = rule;
  }
  if (auto st = override_rules(builtin, config, out.warnings); !st) return st;
  if (auto st = check_scopes(builtin, config); !st) return st;
  for (const auto& a : config.allowlists)
    if (!a.require_all && a.rule_ids.empty())
      for (const auto& p : a.paths) builtin.global.paths.push_back(p.value);
  builtin.exempt_contexts.insert(builtin.exempt_contexts.end(),
                                 config.exempt_contexts.begin(),
                                 config.exempt_contexts.end());
  out.rules = std::move(builtin);
  out.allowlists = config.allowlists;
  return out;
}

std::string describe_allowlist(const PolicyAllowlist& a) {
  std::vector<std::string> parts;
  auto add = [&](const char* what, const std::vector<Located>& items) {
    if (!items.empty())
      parts.push_back(fmt::format("{} {}", what, fmt::join(values(items), ", ")));
  };
  add("globs", a.globs);
  add("path regexes", a.paths);
  add(a.target == rules::AllowTarget::line    ? "regexes on the line"
      : a.target == rules::AllowTarget::match ? "regexes on the match"
                                              : "regexes on the secret",
      a.regexes);
  add("stopwords", a.stopwords);
  add("commits", a.commits);
  std::string scope = a.rule_ids.empty()
                          ? "every rule"
                          : fmt::format("rules {}", fmt::join(values(a.rule_ids), ", "));
  return fmt::format("on {}{}: {}", scope, a.require_all ? " (all must match)" : "",
                     fmt::join(parts, "; "));
}

std::vector<std::string> describe_changes(const rules::RuleSet& builtin,
                                          const ProjectConfig& config) {
  std::vector<std::string> out;
  std::map<std::string, const rules::Rule*> pack;
  for (const auto& r : builtin.rules) pack[r.id] = &r;
  if (!config.use_builtin)
    out.push_back(
        fmt::format("does not use the built-in pack ({} rules): a gitleaks config "
                    "without [extend] useDefault = true runs only its own rules",
                    builtin.rules.size()));
  for (const auto& id : config.disabled_rules)
    out.push_back(fmt::format("{}: disables rule {}", id.where, id.value));
  for (const auto& tag : config.disabled_tags) {
    std::vector<std::string> ids;
    for (const auto& r : builtin.rules)
      if (has_tag(r, tag.value)) ids.push_back(r.id);
    out.push_back(fmt::format("{}: disables the {} rules tagged {}: {}", tag.where,
                              ids.size(), tag.value, fmt::join(ids, ", ")));
  }
  for (const auto& r : config.rules)
    out.push_back(fmt::format(
        "{}: {} rule {}", r.origin,
        pack.count(r.id) && config.use_builtin ? "replaces built-in" : "adds", r.id));
  for (const auto& o : config.overrides) {
    const rules::Rule* before = pack.count(o.id.value) ? pack[o.id.value] : nullptr;
    if (o.severity)
      out.push_back(fmt::format("{}: rule {}: severity {} -> {}", o.severity->where,
                                o.id.value, before ? before->severity : "?",
                                o.severity->value));
    if (o.min_entropy)
      out.push_back(fmt::format("{}: rule {}: min_entropy {:g} -> {:g}",
                                o.min_entropy_where, o.id.value,
                                before ? before->min_entropy : 0.0, *o.min_entropy));
    if (o.paths)
      out.push_back(fmt::format("{}: rule {}: only paths matching {}", o.id.where,
                                o.id.value, fmt::join(values(*o.paths), ", ")));
  }
  for (const auto& a : config.allowlists)
    out.push_back(fmt::format("{}: allowlist {}", a.where, describe_allowlist(a)));
  if (config.baseline)
    out.push_back(
        fmt::format("{}: baseline {}", config.baseline->where, config.baseline->value));
  if (!config.exempt_contexts.empty())
    out.push_back(fmt::format("{}: findings in {} leave the exit code alone",
                              config.exempt_contexts_where,
                              fmt::join(config.exempt_contexts, ", ")));
  return out;
}

} // namespace keysift::policy
