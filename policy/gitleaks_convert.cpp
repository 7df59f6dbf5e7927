// A gitleaks config (read by gitleaks_config.cpp) as a keysift ProjectConfig.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "policy/gitleaks_model.h"
#include "policy/gitleaks_rules.h"
#include "rules/toml_read.h"

namespace keysift::policy {
namespace {

using detail::GlAllowlist;
using detail::GlConfig;
using detail::GlRule;

// keysift rule ids are [a-z0-9][a-z0-9._-]*; gitleaks allows more.
std::string keysift_id(const std::string& id) {
  std::string out = rules::lower(id);
  for (char& c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      c = '-';
  if (out.empty() ||
      !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= '0' && out[0] <= '9')))
    out = "gl-" + out;
  return out;
}

std::vector<std::string> values(const std::vector<Located>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(i.value);
  return out;
}

// A rule allowlist keysift's rule model holds: one check suffices, no commits.
bool fits_rule(const PolicyAllowlist& a) {
  return !a.require_all && a.commits.empty() && a.globs.empty();
}

class Converter {
public:
  Converter(ProjectConfig& out) : out_(out) {}

  void convert(GlConfig gl) {
    for (const auto& r : gl.rules) own_[r.id] = keysift_id(r.id);
    out_.use_builtin = gl.use_default;
    for (auto& r : gl.rules) rule(std::move(r));
    for (const auto& d : gl.disabled) {
      const auto ids = default_rule(d.value, d.where, "disabledRules");
      for (const auto& id : ids) out_.disabled_rules.push_back({id, d.where});
    }
    for (auto& a : gl.allowlists) global(std::move(a));
  }

private:
  void warn(const std::string& where, const std::string& message) {
    out_.warnings.push_back(where + ": " + message);
  }

  // The keysift rules standing for gitleaks default rule `id`.
  std::vector<std::string> default_rule(const std::string& id, const std::string& where,
                                        const char* what) {
    if (!out_.use_builtin) {
      warn(where, fmt::format("{} names '{}', which this config does not define: ignored",
                              what, id));
      return {};
    }
    const auto& m = map_gitleaks_rule(id);
    if (m.keysift_ids.empty())
      warn(where, fmt::format("{} names gitleaks rule '{}', which keysift cannot map ({}): "
                              "ignored",
                              what, id, m.note));
    return m.keysift_ids;
  }

  void rule(GlRule r) {
    const std::string id = own_[r.id];
    if (!r.regex) {
      if (r.path) {
        warn(r.where, fmt::format("rule '{}' matches a path only; keysift reports secrets, "
                                  "not files: ignored",
                                  r.id));
        return;
      }
      return adjust_default(std::move(r));
    }
    if (id != r.id)
      warn(r.where, fmt::format("rule '{}' is called '{}' in keysift", r.id, id));
    rules::Rule k;
    k.id = id;
    k.origin = r.where;
    k.description =
        r.description.value_or("").empty() ? "gitleaks rule " + r.id : *r.description;
    k.regex = *r.regex;
    if (r.secret_group && *r.secret_group > 0)
      k.secret_group = std::to_string(*r.secret_group);
    // gitleaks keeps a secret whose entropy is above the threshold; keysift keeps one at
    // or above it.
    if (r.entropy && *r.entropy > 0) k.min_entropy = std::nextafter(*r.entropy, 9.0);
    k.keywords = std::move(r.keywords);
    k.tags = std::move(r.tags);
    // gitleaks drops a finding of a rule whose id contains "generic" where a rule whose id
    // does not finds a secret containing it on the same line; keysift's equivalent is the
    // "generic" tag (a specific rule wins an overlap), so an imported generic-api-key does
    // not hide the github-pat beside it.
    if (rules::lower(r.id).find("generic") != std::string::npos &&
        std::find(k.tags.begin(), k.tags.end(), "generic") == k.tags.end())
      k.tags.push_back("generic");
    if (r.path) k.paths.push_back(*r.path);
    for (auto& a : r.allowlists) {
      if (!fits_rule(a.list)) {
        a.list.rule_ids.push_back({id, r.where});
        out_.allowlists.push_back(std::move(a.list));
        continue;
      }
      rules::Allowlist list;
      list.target = a.list.target;
      list.regexes = values(a.list.regexes);
      list.stopwords = values(a.list.stopwords);
      list.paths = values(a.list.paths);
      k.allowlists.push_back(std::move(list));
    }
    out_.rules.push_back(std::move(k));
  }

  // A rule with no regex adjusts the default rule of its id (gitleaks' extend).
  void adjust_default(GlRule r) {
    const auto ids = default_rule(r.id, r.where, "a rule without a regex");
    if (ids.empty()) return;
    if (r.description || r.secret_group || !r.keywords.empty() || !r.tags.empty())
      warn(r.where,
           fmt::format("rule '{}': only entropy, path and allowlists carry over to "
                       "keysift's {}; its other fields are ignored",
                       r.id, fmt::join(ids, ", ")));
    for (const auto& id : ids) {
      if (r.entropy || r.path) {
        RuleOverride o;
        o.id = {id, r.where};
        if (r.entropy) {
          o.min_entropy = std::nextafter(*r.entropy, 9.0);
          o.min_entropy_where = r.where;
        }
        if (r.path) o.paths = std::vector<Located>{{*r.path, r.where}};
        out_.overrides.push_back(std::move(o));
      }
    }
    for (auto& a : r.allowlists) {
      for (const auto& id : ids) a.list.rule_ids.push_back({id, r.where});
      out_.allowlists.push_back(std::move(a.list));
    }
  }

  void global(GlAllowlist a) {
    for (const auto& t : a.target_rules) {
      if (auto it = own_.find(t.value); it != own_.end()) {
        a.list.rule_ids.push_back({it->second, t.where});
        continue;
      }
      for (const auto& id : default_rule(t.value, t.where, "targetRules"))
        a.list.rule_ids.push_back({id, t.where});
    }
    if (!a.target_rules.empty() && a.list.rule_ids.empty()) {
      warn(a.list.where, "an allowlist none of whose targetRules keysift has: ignored");
      return;
    }
    out_.allowlists.push_back(std::move(a.list));
  }

  ProjectConfig& out_;
  std::map<std::string, std::string> own_; // gitleaks id -> keysift id, this config's rules
};

bool has_key(const toml::table& t, std::initializer_list<std::string_view> keys) {
  for (const auto& [key, node] : t) {
    (void)node;
    const std::string k = rules::lower(std::string(key.str()));
    if (std::find(keys.begin(), keys.end(), k) != keys.end()) return true;
  }
  return false;
}

bool gitleaks_allowlist(const toml::node* node) {
  auto check = [](const toml::node& n) {
    const toml::table* t = n.as_table();
    if (!t) return false;
    if (has_key(*t, {"regextarget", "targetrules"})) return true;
    const toml::node* c = t->get("condition");
    return c && c->is_string() && c->as_string()->get() != "any" &&
           c->as_string()->get() != "all";
  };
  if (!node) return false;
  if (const toml::array* arr = node->as_array())
    return std::any_of(arr->begin(), arr->end(), check);
  return check(*node);
}

} // namespace

bool looks_like_gitleaks(const toml::table& doc) {
  if (has_key(doc, {"extend", "description"})) return true;
  if (gitleaks_allowlist(doc.get("allowlists")) || gitleaks_allowlist(doc.get("allowlist")))
    return true;
  const toml::array* rules = doc.get("rules") ? doc.get("rules")->as_array() : nullptr;
  if (!rules || rules->empty()) return false;
  // Rules with no examples, and no key gitleaks does not know: keysift's format requires
  // examples, so such a config can only be gitleaks' (a keysift config with a misspelt
  // key stays keysift's, and gets its error).
  for (const auto& item : *rules) {
    const toml::table* t = item.as_table();
    if (!t) return false;
    if (has_key(*t, {"secretgroup", "entropy", "path", "allowlist"})) return true;
    if (gitleaks_allowlist(t->get("allowlists"))) return true;
    for (const auto& [key, node] : *t) {
      (void)node;
      static const std::set<std::string> known{"id",       "description", "regex",
                                               "keywords", "tags",        "allowlists"};
      if (!known.count(rules::lower(std::string(key.str())))) return false;
    }
  }
  return true;
}

std::string translate_gitleaks_regex(std::string_view regex) {
  std::string out;
  out.reserve(regex.size() + 8);
  for (std::size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '\\' && i + 1 < regex.size()) { // an escape is copied as is
      out += regex.substr(i, 2);
      ++i;
      continue;
    }
    if (regex.substr(i, 3) == "(?<" && i + 3 < regex.size() && regex[i + 3] != '=' &&
        regex[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += regex[i];
  }
  return out;
}

Result<ProjectConfig> parse_gitleaks_config(const toml::table& doc, std::string_view origin,
                                            const ConfigFileLoader& load) {
  ProjectConfig out;
  out.origin = std::string(origin);
  out.format = ProjectConfig::Format::gitleaks;
  auto gl = detail::read_gitleaks(doc, origin, out.warnings, load);
  if (!gl) return gl.status();
  Converter(out).convert(std::move(gl).value());
  return out;
}

} // namespace keysift::policy
