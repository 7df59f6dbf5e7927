#include "rules/loader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "rules/toml_read.h"

namespace keysift::rules {
namespace {

Status parse_allowlist(const toml::table& table, Allowlist& out, const Where& where) {
  if (auto st = check_keys(
          table, {"target", "regexes", "stopwords", "paths", "description"}, where);
      !st)
    return st;
  std::string target = "secret", description;
  if (auto st = get_string(table, "target", target, where); !st) return st;
  if (target == "secret")
    out.target = AllowTarget::secret;
  else if (target == "match")
    out.target = AllowTarget::match;
  else if (target == "line")
    out.target = AllowTarget::line;
  else
    return Status::error(
        where.at(*table.get("target"), "'target' must be secret, match or line"));
  if (auto st = get_string(table, "description", description, where); !st) return st;
  if (auto st = get_strings(table, "regexes", out.regexes, where); !st) return st;
  if (auto st = get_strings(table, "stopwords", out.stopwords, where); !st) return st;
  for (auto& w : out.stopwords) w = lower(w);
  return get_strings(table, "paths", out.paths, where);
}

bool valid_id(const std::string& id) {
  if (id.empty() || !(std::islower(static_cast<unsigned char>(id[0])) ||
                      std::isdigit(static_cast<unsigned char>(id[0]))))
    return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-' || c == '.' || c == '_';
  });
}

Status parse_scalars(const toml::table& t, Rule& rule, const Where& where) {
  if (auto st = get_string(t, "description", rule.description, where); !st) return st;
  if (auto st = get_string(t, "regex", rule.regex, where); !st) return st;
  if (auto st = get_string(t, "severity", rule.severity, where); !st) return st;
  if (auto st = get_string(t, "validate", rule.validate, where); !st) return st;
  if (auto st = get_string(t, "prefilter", rule.prefilter, where); !st) return st;
  if (auto st = get_string(t, "value", rule.value, where); !st) return st;
  if (auto st = get_string(t, "example_path", rule.example_path, where); !st) return st;
  if (!rule.value.empty() && rule.value != "literal")
    return Status::error(where.at(*t.get("value"), "'value' must be \"literal\""));
  if (auto st = get_string(t, "help", rule.help, where); !st) return st;
  static const std::set<std::string> severities{"critical", "high", "medium", "low",
                                                "info"};
  if (!severities.count(rule.severity))
    return Status::error(where.at(
        *t.get("severity"), "'severity' must be critical, high, medium, low or info"));
  if (const toml::node* g = t.get("secret_group")) {
    if (g->is_integer() && g->as_integer()->get() >= 0)
      rule.secret_group = std::to_string(g->as_integer()->get());
    else if (g->is_string() && !g->as_string()->get().empty())
      rule.secret_group = g->as_string()->get();
    else
      return Status::error(
          where.at(*g, "'secret_group' must be a group name or a non-negative number"));
  }
  if (const toml::node* e = t.get("min_entropy")) {
    auto v = e->value<double>();
    if (!v || *v < 0 || *v > 8)
      return Status::error(where.at(*e, "'min_entropy' must be a number from 0 to 8"));
    rule.min_entropy = *v;
  }
  return Status::ok();
}

Status parse_lists(const toml::table& t, Rule& rule, const Where& where) {
  if (auto st = get_strings(t, "keywords", rule.keywords, where); !st) return st;
  for (auto& k : rule.keywords) k = lower(k);
  if (auto st = get_strings(t, "paths", rule.paths, where); !st) return st;
  if (auto st = get_strings(t, "tags", rule.tags, where); !st) return st;
  if (auto st = get_strings(t, "examples", rule.examples, where); !st) return st;
  if (auto st = get_strings(t, "negative_examples", rule.negative_examples, where); !st)
    return st;
  if (const toml::node* a = t.get("allowlists")) {
    const toml::array* arr = a->as_array();
    if (!arr) return Status::error(where.at(*a, "'allowlists' must be an array of tables"));
    for (const auto& item : *arr) {
      if (!item.is_table())
        return Status::error(where.at(item, "'allowlists' must be an array of tables"));
      Allowlist list;
      if (auto st = parse_allowlist(*item.as_table(), list, where); !st) return st;
      rule.allowlists.push_back(std::move(list));
    }
  }
  return Status::ok();
}

} // namespace

Result<Rule> parse_rule_table(const toml::table& t, std::string_view origin) {
  Where where{origin, {}};
  if (const toml::node* id = t.get("id"); id && id->is_string())
    where.rule_id = id->as_string()->get();
  if (auto st = check_keys(t,
                           {"id", "description", "regex", "secret_group", "keywords",
                            "min_entropy", "validate", "prefilter", "value", "example_path",
                            "paths", "allowlists", "tags", "severity", "examples",
                            "negative_examples", "help"},
                           where);
      !st)
    return st;
  Rule rule;
  rule.id = where.rule_id;
  rule.origin = std::string(origin) + ":" + std::to_string(t.source().begin.line);
  if (rule.id.empty() || !valid_id(rule.id))
    return Status::error(
        where.at(t, "'id' is required: lower-case letters, digits, - . _"));
  if (auto st = parse_scalars(t, rule, where); !st) return st;
  if (auto st = parse_lists(t, rule, where); !st) return st;
  if (rule.description.empty())
    return Status::error(where.at(t, "'description' is required"));
  if (rule.regex.empty()) return Status::error(where.at(t, "'regex' is required"));
  if (rule.examples.empty())
    return Status::error(where.at(t, "'examples' is required: at least one"));
  return rule;
}

Result<RuleSet> parse_rules(std::string_view text, std::string_view origin) {
  auto parsed = parse_toml(text, origin);
  if (!parsed) return parsed.status();
  const toml::table& doc = *parsed;
  Where where{origin, {}};
  if (auto st = check_keys(doc, {"rules", "allowlist", "title", "gate", "help"}, where);
      !st)
    return st;
  RuleSet set;
  if (const toml::node* g = doc.get("gate")) {
    if (auto st = parse_gate(*g, set.exempt_contexts, where); !st) return st;
  }
  std::string file_help; // for the rules of this file that have no help of their own
  if (auto st = get_string(doc, "help", file_help, where); !st) return st;
  if (const toml::node* a = doc.get("allowlist")) {
    if (!a->is_table()) return Status::error(where.at(*a, "'allowlist' must be a table"));
    if (auto st = parse_allowlist(*a->as_table(), set.global, where); !st) return st;
  }
  if (const toml::node* r = doc.get("rules")) {
    const toml::array* arr = r->as_array();
    if (!arr) return Status::error(where.at(*r, "'rules' must be an array of tables"));
    std::set<std::string> seen;
    for (const auto& item : *arr) {
      if (!item.is_table())
        return Status::error(
            where.at(item, "'rules' must be an array of tables ([[rules]])"));
      auto rule = parse_rule_table(*item.as_table(), origin);
      if (!rule) return rule.status();
      if (!seen.insert(rule->id).second)
        return Status::error(where.at(item, "duplicate rule id '" + rule->id + "'"));
      if (rule->help.empty()) rule->help = file_help;
      set.rules.push_back(std::move(rule).value());
    }
  }
  return set;
}

Result<RuleSet> load_rules_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::error(path + ": is a directory, not a rule file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error(path + ": cannot open rule file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::error(path + ": cannot read rule file");
  return parse_rules(buf.str(), path);
}

Status merge_rules(RuleSet& base, RuleSet extra, bool replace) {
  for (auto& rule : extra.rules) {
    auto it = std::find_if(base.rules.begin(), base.rules.end(),
                           [&](const Rule& r) { return r.id == rule.id; });
    if (it == base.rules.end()) {
      base.rules.push_back(std::move(rule));
    } else if (replace) {
      *it = std::move(rule);
    } else {
      return Status::error(rule.origin + ": rule '" + rule.id + "' is already defined at " +
                           it->origin);
    }
  }
  auto append = [](std::vector<std::string>& to, std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  append(base.global.regexes, extra.global.regexes);
  append(base.global.stopwords, extra.global.stopwords);
  append(base.global.paths, extra.global.paths);
  append(base.exempt_contexts, extra.exempt_contexts);
  return Status::ok();
}

} // namespace keysift::rules
