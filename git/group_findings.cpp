#include "git/group_findings.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace keysift::git {

void group_findings(std::vector<scanner::Finding>& findings,
                    const std::function<std::uint64_t(const scanner::Provenance&)>& rank) {
  using Key = std::tuple<std::string, std::string, std::string>; // rule, path, secret
  std::map<Key, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < findings.size(); ++i)
    groups[{findings[i].rule_id, findings[i].provenance.path, findings[i].secret}]
        .push_back(i);
  std::vector<scanner::Finding> out;
  out.reserve(groups.size());
  for (auto& [key, members] : groups) {
    std::stable_sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      return rank(findings[a].provenance) < rank(findings[b].provenance);
    });
    scanner::Finding first = std::move(findings[members.front()]);
    std::vector<scanner::Provenance> locations = std::move(first.locations);
    for (std::size_t m = 1; m < members.size(); ++m) {
      scanner::Finding& other = findings[members[m]];
      other.provenance.attrs.emplace_back("line", std::to_string(other.line));
      locations.push_back(std::move(other.provenance));
      for (auto& l : other.locations) locations.push_back(std::move(l));
    }
    std::stable_sort(locations.begin(), locations.end(),
                     [&](const scanner::Provenance& a, const scanner::Provenance& b) {
                       return rank(a) < rank(b);
                     });
    first.locations = std::move(locations);
    out.push_back(std::move(first));
  }
  std::sort(out.begin(), out.end(), scanner::finding_less);
  findings = std::move(out);
}

} // namespace keysift::git
