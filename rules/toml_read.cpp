#include "rules/toml_read.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace keysift::rules {

std::string Where::at(const toml::source_region& src, std::string_view message) const {
  std::ostringstream out;
  out << origin << ':' << src.begin.line << ':' << src.begin.column << ": ";
  if (!rule_id.empty()) out << "rule '" << rule_id << "': ";
  out << message;
  return out.str();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Status check_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                  const Where& where) {
  for (const auto& [key, node] : table) {
    (void)node;
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
      return Status::error(
          where.at(key.source(), "unknown key '" + std::string(key.str()) + "'"));
  }
  return Status::ok();
}

Status get_string(const toml::table& table, std::string_view key, std::string& out,
                  const Where& where) {
  const toml::node* node = table.get(key);
  if (!node) return Status::ok();
  if (!node->is_string())
    return Status::error(where.at(*node, "'" + std::string(key) + "' must be a string"));
  out = node->as_string()->get();
  return Status::ok();
}

Status get_strings(const toml::table& table, std::string_view key,
                   std::vector<std::string>& out, const Where& where) {
  const toml::node* node = table.get(key);
  if (!node) return Status::ok();
  const toml::array* arr = node->as_array();
  if (!arr)
    return Status::error(where.at(*node, "'" + std::string(key) + "' must be an array"));
  for (const auto& item : *arr) {
    if (!item.is_string())
      return Status::error(
          where.at(item, "'" + std::string(key) + "' must hold only strings"));
    out.push_back(item.as_string()->get());
  }
  return Status::ok();
}

Status parse_gate(const toml::node& node, std::vector<std::string>& out,
                  const Where& where) {
  if (!node.is_table()) return Status::error(where.at(node, "'gate' must be a table"));
  const toml::table& t = *node.as_table();
  if (auto st = check_keys(t, {"exempt_contexts"}, where); !st) return st;
  if (auto st = get_strings(t, "exempt_contexts", out, where); !st) return st;
  for (const auto& c : out)
    if (c != "test" && c != "docs" && c != "example")
      return Status::error(
          where.at(*t.get("exempt_contexts"),
                   "'exempt_contexts' holds test, docs or example, not '" + c + "'"));
  return Status::ok();
}

Result<toml::table> parse_toml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& err) {
    const auto& src = err.source();
    std::ostringstream out;
    out << origin << ':' << src.begin.line << ':' << src.begin.column << ": "
        << err.description();
    return Status::error(out.str());
  }
}

} // namespace keysift::rules
