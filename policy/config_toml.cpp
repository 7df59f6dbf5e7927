#include "policy/config_toml.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include "policy/glob.h"

namespace keysift::policy::detail {

std::string where_of(std::string_view origin, const toml::source_region& src) {
  return fmt::format("{}:{}:{}", origin, src.begin.line, src.begin.column);
}

std::string where_of(std::string_view origin, const toml::node& node) {
  return where_of(origin, node.source());
}

Status located_strings(const toml::table& table, std::string_view key,
                       std::vector<Located>& out, const rules::Where& where, bool lower) {
  const toml::node* node = table.get(key);
  if (!node) return Status::ok();
  const toml::array* arr = node->as_array();
  if (!arr)
    return Status::error(where.at(*node, "'" + std::string(key) + "' must be an array"));
  for (const auto& item : *arr) {
    if (!item.is_string())
      return Status::error(
          where.at(item, "'" + std::string(key) + "' must hold only strings"));
    std::string v = item.as_string()->get();
    if (lower) v = rules::lower(std::move(v));
    out.push_back({std::move(v), where_of(where.origin, item)});
  }
  return Status::ok();
}

Status check_regex(const std::string& pattern) {
  RE2::Options opt;
  opt.set_encoding(RE2::Options::EncodingLatin1);
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  const RE2 re("(?m)" + pattern, opt);
  if (re.ok()) return Status::ok();
  return Status::error(re.error());
}

Status check_regexes(const std::vector<Located>& patterns, std::string_view what) {
  for (const auto& p : patterns)
    if (auto st = check_regex(p.value); !st)
      return Status::error(
          fmt::format("{}: invalid regex in '{}': {}", p.where, what, st.message()));
  return Status::ok();
}

Status check_globs(const std::vector<Located>& globs) {
  for (const auto& g : globs)
    if (auto re = glob_to_regex(g.value); !re)
      return Status::error(fmt::format("{}: {}", g.where, re.error()));
  return Status::ok();
}

} // namespace keysift::policy::detail
