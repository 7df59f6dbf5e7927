#include "policy/gitleaks_rules.h"

#include <map>

namespace keysift::policy {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (std::size_t from = 0;;) {
    const std::size_t at = s.find(sep, from);
    out.emplace_back(s.substr(from, at == std::string_view::npos ? s.npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

using Table = std::map<std::string, GitleaksRuleMapping, std::less<>>;

Table load() {
  Table table;
  const std::string_view text = gitleaks_rules_tsv();
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line.front() == '#') continue;
    const auto cols = split(line, '\t');
    if (cols.size() < 2) continue;
    GitleaksRuleMapping m;
    m.known = true;
    if (cols[1] != "-") m.keysift_ids = split(cols[1], ',');
    if (cols.size() > 2) m.note = cols[2];
    table.emplace(cols[0], std::move(m));
  }
  return table;
}

} // namespace

const GitleaksRuleMapping& map_gitleaks_rule(std::string_view gitleaks_id) {
  static const Table table = load();
  static const GitleaksRuleMapping unknown{
      {}, "not a rule of gitleaks' default config", false};
  const auto it = table.find(gitleaks_id);
  return it == table.end() ? unknown : it->second;
}

} // namespace keysift::policy
