#include "policy/gitleaks_config.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/core.h>

#include "policy/config_toml.h"
#include "policy/gitleaks_model.h"
#include "rules/toml_read.h"

namespace keysift::policy {
namespace {

using detail::GlAllowlist;
using detail::GlConfig;
using detail::GlRule;
using detail::where_of;

constexpr int max_extend_depth = 2; // as gitleaks

std::string lower(std::string s) {
  return rules::lower(std::move(s));
}

class Reader {
public:
  Reader(std::string origin, std::vector<std::string>& warnings,
         const ConfigFileLoader& load)
      : origin_(std::move(origin)), warnings_(warnings), load_(load) {}

  Result<GlConfig> config(const toml::table& doc, int depth);

private:
  using Keys = std::map<std::string, const toml::node*>;

  void warn(const toml::node& at, const std::string& message) {
    warnings_.push_back(where_of(origin_, at) + ": " + message);
  }
  Status error(const toml::node& at, const std::string& message) const {
    return Status::error(where_of(origin_, at) + ": " + message);
  }
  Keys keys(const toml::table& t, std::initializer_list<std::string_view> known,
            std::string_view table);
  Status text(const Keys& k, const char* key, std::optional<std::string>& out);
  Status texts(const Keys& k, const char* key, std::vector<Located>& out, bool low = false);
  Result<GlAllowlist> allowlist(const toml::table& t, bool global);
  Status allowlists(const Keys& k, bool global, std::vector<GlAllowlist>& out);
  Result<GlRule> rule(const toml::table& t);
  Status extend(const toml::table& t, GlConfig& out, int depth);

  std::string origin_;
  std::vector<std::string>& warnings_;
  const ConfigFileLoader& load_;
};

Reader::Keys Reader::keys(const toml::table& t,
                          std::initializer_list<std::string_view> known,
                          std::string_view table) {
  Keys out;
  for (const auto& [key, node] : t) {
    const std::string k = lower(std::string(key.str()));
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      warnings_.push_back(fmt::format("{}: gitleaks field '{}' in {} is not supported by "
                                      "keysift: ignored",
                                      where_of(origin_, key.source()), key.str(), table));
      continue;
    }
    out[k] = &node;
  }
  return out;
}

Status Reader::text(const Keys& k, const char* key, std::optional<std::string>& out) {
  const auto it = k.find(key);
  if (it == k.end()) return Status::ok();
  if (!it->second->is_string())
    return error(*it->second, fmt::format("'{}' must be a string", key));
  out = it->second->as_string()->get();
  return Status::ok();
}

Status Reader::texts(const Keys& k, const char* key, std::vector<Located>& out, bool low) {
  const auto it = k.find(key);
  if (it == k.end()) return Status::ok();
  const toml::array* arr = it->second->as_array();
  if (!arr) return error(*it->second, fmt::format("'{}' must be an array of strings", key));
  for (const auto& item : *arr) {
    if (!item.is_string())
      return error(item, fmt::format("'{}' must hold only strings", key));
    std::string v = item.as_string()->get();
    out.push_back({low ? lower(std::move(v)) : std::move(v), where_of(origin_, item)});
  }
  return Status::ok();
}

Result<GlAllowlist> Reader::allowlist(const toml::table& t, bool global) {
  const Keys k = global ? keys(t,
                               {"description", "condition", "commits", "paths",
                                "regextarget", "regexes", "stopwords", "targetrules"},
                               "[[allowlists]]")
                        : keys(t,
                               {"description", "condition", "commits", "paths",
                                "regextarget", "regexes", "stopwords"},
                               "[[rules.allowlists]]");
  GlAllowlist out;
  PolicyAllowlist& a = out.list;
  a.where = where_of(origin_, t);
  std::optional<std::string> description, condition, target;
  if (auto st = text(k, "description", description); !st) return st;
  if (auto st = text(k, "condition", condition); !st) return st;
  if (auto st = text(k, "regextarget", target); !st) return st;
  a.description = description.value_or("");
  const std::string cond = condition ? lower(*condition) : "";
  if (cond == "and" || cond == "&&")
    a.require_all = true;
  else if (!(cond.empty() || cond == "or" || cond == "||"))
    return error(*k.at("condition"), "'condition' must be AND or OR");
  if (!target || *target == "secret" || target->empty())
    a.target = rules::AllowTarget::secret;
  else if (*target == "match")
    a.target = rules::AllowTarget::match;
  else if (*target == "line")
    a.target = rules::AllowTarget::line;
  else
    return error(*k.at("regextarget"), "'regexTarget' must be secret, match or line");
  if (auto st = texts(k, "regexes", a.regexes); !st) return st;
  if (auto st = texts(k, "paths", a.paths); !st) return st;
  if (auto st = texts(k, "stopwords", a.stopwords, true); !st) return st;
  if (auto st = texts(k, "commits", a.commits, true); !st) return st;
  if (auto st = texts(k, "targetrules", out.target_rules); !st) return st;
  for (auto* list : {&a.regexes, &a.paths})
    for (auto& re : *list) re.value = translate_gitleaks_regex(re.value);
  if (a.empty()) return error(t, "an allowlist needs commits, paths, regexes or stopwords");
  if (auto st = detail::check_regexes(a.regexes, "regexes"); !st) return st;
  if (auto st = detail::check_regexes(a.paths, "paths"); !st) return st;
  return out;
}

// [[allowlists]] and the older [allowlist] (one of them, as in gitleaks).
Status Reader::allowlists(const Keys& k, bool global, std::vector<GlAllowlist>& out) {
  const auto many = k.find("allowlists"), one = k.find("allowlist");
  if (many != k.end() && one != k.end())
    return error(*one->second, "[allowlist] cannot be used alongside [[allowlists]]");
  const toml::node* node = many != k.end()  ? many->second
                           : one != k.end() ? one->second
                                            : nullptr;
  if (!node) return Status::ok();
  std::vector<const toml::table*> tables;
  if (const toml::table* t = node->as_table()) tables.push_back(t);
  if (const toml::array* arr = node->as_array())
    for (const auto& item : *arr) {
      if (!item.is_table()) return error(item, "an allowlist must be a table");
      tables.push_back(item.as_table());
    }
  if (tables.empty()) return error(*node, "an allowlist must be a table");
  for (const toml::table* t : tables) {
    auto a = allowlist(*t, global);
    if (!a) return a.status();
    out.push_back(std::move(a).value());
  }
  return Status::ok();
}

Result<GlRule> Reader::rule(const toml::table& t) {
  const Keys k = keys(t,
                      {"id", "description", "regex", "secretgroup", "entropy", "keywords",
                       "path", "tags", "allowlists", "allowlist"},
                      "[[rules]]");
  GlRule r;
  r.where = where_of(origin_, t);
  std::optional<std::string> id;
  if (auto st = text(k, "id", id); !st) return st;
  if (!id || id->empty()) return error(t, "a rule needs an 'id'");
  r.id = *id;
  if (auto st = text(k, "description", r.description); !st) return st;
  if (auto st = text(k, "regex", r.regex); !st) return st;
  if (auto st = text(k, "path", r.path); !st) return st;
  // As in gitleaks, an empty regex or path is no regex or path at all.
  if (r.regex && r.regex->empty()) r.regex.reset();
  if (r.path && r.path->empty()) r.path.reset();
  if (auto it = k.find("secretgroup"); it != k.end()) {
    auto v = it->second->value<std::int64_t>();
    if (!v || *v < 0 || *v > 31) return error(*it->second, "'secretGroup' must be 0 to 31");
    r.secret_group = static_cast<int>(*v);
  }
  if (auto it = k.find("entropy"); it != k.end()) {
    auto v = it->second->value<double>();
    if (!v || !(*v >= 0 && *v <= 8)) return error(*it->second, "'entropy' must be 0 to 8");
    r.entropy = *v;
  }
  std::vector<Located> words, tags;
  if (auto st = texts(k, "keywords", words, true); !st) return st;
  if (auto st = texts(k, "tags", tags); !st) return st;
  for (auto& w : words) r.keywords.push_back(std::move(w.value));
  for (auto& w : tags) r.tags.push_back(std::move(w.value));
  if (auto st = allowlists(k, false, r.allowlists); !st) return st;
  if (r.regex) {
    r.regex = translate_gitleaks_regex(*r.regex);
    if (auto st = detail::check_regex(*r.regex); !st)
      return error(*k.at("regex"),
                   fmt::format("rule '{}': the regex is not one keysift can run: {}", r.id,
                               st.message()));
  }
  if (r.path) {
    r.path = translate_gitleaks_regex(*r.path);
    if (auto st = detail::check_regex(*r.path); !st)
      return error(*k.at("path"),
                   fmt::format("rule '{}': invalid 'path' regex: {}", r.id, st.message()));
  }
  return r;
}

// Merges `mine` into the rule it extends, field by field (gitleaks' extend).
void merge_rule(GlRule& base, GlRule mine) {
  if (mine.description) base.description = mine.description;
  if (mine.entropy && *mine.entropy != 0) base.entropy = mine.entropy;
  if (mine.secret_group && *mine.secret_group != 0) base.secret_group = mine.secret_group;
  if (mine.regex) base.regex = mine.regex;
  if (mine.path) base.path = mine.path;
  base.tags.insert(base.tags.end(), mine.tags.begin(), mine.tags.end());
  base.keywords.insert(base.keywords.end(), mine.keywords.begin(), mine.keywords.end());
  for (auto& a : mine.allowlists) base.allowlists.push_back(std::move(a));
  base.where = mine.where;
}

Status Reader::extend(const toml::table& t, GlConfig& out, int depth) {
  const Keys k = keys(t, {"path", "url", "usedefault", "disabledrules"}, "[extend]");
  std::optional<std::string> path;
  if (auto st = text(k, "path", path); !st) return st;
  if (auto it = k.find("url"); it != k.end())
    warn(*it->second, "[extend] url is not supported by keysift (it never fetches a "
                      "config): ignored");
  bool use_default = false;
  if (auto it = k.find("usedefault"); it != k.end()) {
    if (!it->second->is_boolean())
      return error(*it->second, "'useDefault' must be true or false");
    use_default = it->second->as_boolean()->get();
  }
  std::vector<Located> disabled;
  if (auto st = texts(k, "disabledrules", disabled); !st) return st;
  if (use_default && path)
    return error(t, "[extend] cannot have both path and useDefault (as in gitleaks)");
  if (depth >= max_extend_depth) {
    if (use_default || path) warn(t, "[extend] nested more than two levels deep: ignored");
    out.disabled = std::move(disabled);
    return Status::ok();
  }
  GlConfig base;
  if (use_default) base.use_default = true;
  if (path) {
    if (!load_) return error(t, "[extend] path '" + *path + "' cannot be read here");
    auto text = load_(*path);
    if (!text) return error(t, "[extend] path: " + text.error());
    auto doc = rules::parse_toml(*text, *path);
    if (!doc) return doc.status();
    Reader inner(*path, warnings_, load_);
    auto parsed = inner.config(*doc, depth + 1);
    if (!parsed) return parsed.status();
    base = std::move(parsed).value();
  }
  std::set<std::string> off;
  for (const auto& d : disabled) {
    const bool theirs = std::any_of(base.rules.begin(), base.rules.end(),
                                    [&](const GlRule& r) { return r.id == d.value; });
    if (theirs)
      off.insert(d.value);
    else if (base.use_default)
      out.disabled.push_back(d); // a default rule: mapped to keysift's later
    else
      warnings_.push_back(d.where + ": disabledRules names '" + d.value +
                          "', which the extended config does not define: ignored");
  }
  // The extended config's rules come first; this config's rules of the same id merge in.
  std::vector<GlRule> merged;
  for (auto& r : base.rules)
    if (!off.count(r.id)) merged.push_back(std::move(r));
  for (auto& mine : out.rules) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const GlRule& r) { return r.id == mine.id; });
    if (it == merged.end())
      merged.push_back(std::move(mine));
    else
      merge_rule(*it, std::move(mine));
  }
  out.rules = std::move(merged);
  out.use_default = out.use_default || base.use_default;
  for (auto& a : base.allowlists) out.allowlists.push_back(std::move(a));
  for (auto& d : base.disabled) out.disabled.push_back(std::move(d));
  return Status::ok();
}

Result<GlConfig> Reader::config(const toml::table& doc, int depth) {
  const Keys k =
      keys(doc, {"title", "description", "extend", "rules", "allowlist", "allowlists"},
           "the top level");
  GlConfig out;
  if (auto it = k.find("rules"); it != k.end()) {
    const toml::array* arr = it->second->as_array();
    if (!arr) return error(*it->second, "'rules' must be an array of tables ([[rules]])");
    for (const auto& item : *arr) {
      if (!item.is_table()) return error(item, "'rules' must be an array of tables");
      auto r = rule(*item.as_table());
      if (!r) return r.status();
      const bool dup = std::any_of(out.rules.begin(), out.rules.end(),
                                   [&](const GlRule& o) { return o.id == r->id; });
      if (dup) return error(item, "duplicate rule id '" + r->id + "'");
      out.rules.push_back(std::move(r).value());
    }
  }
  if (auto st = allowlists(k, true, out.allowlists); !st) return st;
  if (auto it = k.find("extend"); it != k.end()) {
    if (!it->second->is_table()) return error(*it->second, "[extend] must be a table");
    if (auto st = extend(*it->second->as_table(), out, depth); !st) return st;
  }
  return out;
}

} // namespace

namespace detail {

Result<GlConfig> read_gitleaks(const toml::table& doc, std::string_view origin,
                               std::vector<std::string>& warnings,
                               const ConfigFileLoader& load) {
  return Reader(std::string(origin), warnings, load).config(doc, 0);
}

} // namespace detail
} // namespace keysift::policy
