// Reading TOML tables with messages that say where: the helpers the rule loader and the
// project config (policy/) share. Every error reads "origin:line:column: [rule 'id': ]
// message". Internal to config parsing; pure functions, thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::rules {

// Builds "origin:line:column: rule 'id': message" messages.
struct Where {
  std::string_view origin;
  std::string rule_id;

  std::string at(const toml::node& node, std::string_view message) const {
    return at(node.source(), message);
  }
  std::string at(const toml::source_region& src, std::string_view message) const;
};

std::string lower(std::string s);

// Fails on the first key of `table` not in `allowed`.
Status check_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                  const Where& where);
// Leave `out` alone when `key` is absent; fail when it has the wrong type.
Status get_string(const toml::table& table, std::string_view key, std::string& out,
                  const Where& where);
Status get_strings(const toml::table& table, std::string_view key,
                   std::vector<std::string>& out, const Where& where);

// One [[rules]] table (rules/README.md).
Result<Rule> parse_rule_table(const toml::table& table, std::string_view origin);

// [gate]: which finding contexts (test, docs, example) leave the exit code alone
// (README, "Where a finding sits"); appended to `out`.
Status parse_gate(const toml::node& node, std::vector<std::string>& out,
                  const Where& where);

// Parses a whole document, or says where it is not TOML.
Result<toml::table> parse_toml(std::string_view text, std::string_view origin);

} // namespace keysift::rules
