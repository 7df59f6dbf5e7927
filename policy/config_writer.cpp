#include "policy/config_writer.h"

#include <algorithm>

#include <fmt/format.h>

namespace keysift::policy {
namespace {

std::string list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  quoted.reserve(items.size());
  for (const auto& i : items) quoted.push_back(toml_string(i));
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

std::string list(const std::vector<Located>& items) {
  std::vector<std::string> values;
  values.reserve(items.size());
  for (const auto& i : items) values.push_back(i.value);
  return list(values);
}

const char* target_name(rules::AllowTarget t) {
  return t == rules::AllowTarget::line    ? "line"
         : t == rules::AllowTarget::match ? "match"
                                          : "secret";
}

void write_rule(std::string& out, const rules::Rule& r) {
  out += "[[rules]]\n";
  out += fmt::format("id = {}\ndescription = {}\nregex = {}\n", toml_string(r.id),
                     toml_string(r.description), toml_string(r.regex));
  if (!r.secret_group.empty())
    out += fmt::format("secret_group = {}\n", toml_string(r.secret_group));
  if (!r.keywords.empty()) out += fmt::format("keywords = {}\n", list(r.keywords));
  if (r.min_entropy > 0) out += fmt::format("min_entropy = {}\n", r.min_entropy);
  if (!r.paths.empty()) out += fmt::format("paths = {}\n", list(r.paths));
  if (!r.tags.empty()) out += fmt::format("tags = {}\n", list(r.tags));
  if (r.severity != "medium")
    out += fmt::format("severity = {}\n", toml_string(r.severity));
  out += fmt::format("examples = {}\n",
                     list(r.examples.empty()
                              ? std::vector<std::string>{std::string(placeholder_example)}
                              : r.examples));
  for (const auto& a : r.allowlists) {
    out += "[[rules.allowlists]]\n";
    if (a.target != rules::AllowTarget::secret)
      out += fmt::format("target = \"{}\"\n", target_name(a.target));
    if (!a.regexes.empty()) out += fmt::format("regexes = {}\n", list(a.regexes));
    if (!a.stopwords.empty()) out += fmt::format("stopwords = {}\n", list(a.stopwords));
    if (!a.paths.empty()) out += fmt::format("paths = {}\n", list(a.paths));
  }
  out += "\n";
}

void write_allowlist(std::string& out, const PolicyAllowlist& a) {
  out += "[[allowlists]]\n";
  if (!a.description.empty())
    out += fmt::format("description = {}\n", toml_string(a.description));
  if (a.target != rules::AllowTarget::secret)
    out += fmt::format("target = \"{}\"\n", target_name(a.target));
  if (a.require_all) out += "condition = \"all\"\n";
  if (!a.rule_ids.empty()) out += fmt::format("rules = {}\n", list(a.rule_ids));
  for (auto [key, items] : {std::pair{"regexes", &a.regexes},
                            {"stopwords", &a.stopwords},
                            {"paths", &a.paths},
                            {"globs", &a.globs},
                            {"commits", &a.commits}})
    if (!items->empty()) out += fmt::format("{} = {}\n", key, list(*items));
  out += "\n";
}

} // namespace

std::string toml_string(std::string_view s) {
  const bool literal_ok =
      s.find("'''") == std::string_view::npos && s.find('\n') == std::string_view::npos &&
      s.find('\r') == std::string_view::npos && (s.empty() || s.back() != '\'') &&
      std::none_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
      });
  if (literal_ok) return fmt::format("'''{}'''", s);
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string write_keysift_config(const ProjectConfig& c, std::string_view header) {
  std::string out;
  for (std::size_t from = 0; from < header.size();) {
    const std::size_t nl = std::min(header.find('\n', from), header.size());
    out += "# " + std::string(header.substr(from, nl - from)) + "\n";
    from = nl + 1;
  }
  if (!header.empty()) out += "\n";
  if (!c.use_builtin) out += "use_builtin = false\n";
  if (c.baseline) out += fmt::format("baseline = {}\n", toml_string(c.baseline->value));
  if (!c.use_builtin || c.baseline) out += "\n";
  if (!c.disabled_rules.empty() || !c.disabled_tags.empty()) {
    out += "[disable]\n";
    if (!c.disabled_rules.empty())
      out += fmt::format("rules = {}\n", list(c.disabled_rules));
    if (!c.disabled_tags.empty()) out += fmt::format("tags = {}\n", list(c.disabled_tags));
    out += "\n";
  }
  for (const auto& o : c.overrides) {
    out += fmt::format("[[override]]\nid = {}\n", toml_string(o.id.value));
    if (o.severity) out += fmt::format("severity = {}\n", toml_string(o.severity->value));
    if (o.min_entropy) out += fmt::format("min_entropy = {}\n", *o.min_entropy);
    if (o.paths) out += fmt::format("paths = {}\n", list(*o.paths));
    out += "\n";
  }
  for (const auto& r : c.rules) write_rule(out, r);
  for (const auto& a : c.allowlists) write_allowlist(out, a);
  return out;
}

} // namespace keysift::policy
