#include "git/group_findings.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace keysift::git {
namespace {

// Walk order: commits enter the catalog oldest first; places without a commit come last.
std::uint64_t rank(const scanner::Location& where) {
  if (const auto* blob = std::get_if<scanner::GitBlobOrigin>(&where)) return blob->commit;
  return UINT64_MAX;
}

std::uint64_t line_of(const scanner::Location& where) {
  if (const auto* blob = std::get_if<scanner::GitBlobOrigin>(&where)) return blob->line;
  if (const auto* object = std::get_if<scanner::GitObjectOrigin>(&where))
    return object->line;
  return 0;
}

// scanner::finding_less, but two findings that differ only in their secret are ordered
// by fingerprint, which a report shows (a merge of shard reports, which sees only
// redacted secrets, orders them the same way).
bool shown_less(const scanner::Finding& a, const scanner::Finding& b) {
  return std::make_tuple(a.path(), a.line, a.column, a.rule,
                         std::string_view(a.fingerprint), std::string_view(a.secret)) <
         std::make_tuple(b.path(), b.line, b.column, b.rule,
                         std::string_view(b.fingerprint), std::string_view(b.secret));
}

} // namespace

void group_findings(std::vector<scanner::Finding>& findings) {
  using Key = std::tuple<std::uint32_t, std::string_view, std::string_view>;
  std::map<Key, std::vector<std::size_t>> groups; // (rule, path, secret) -> members
  for (std::size_t i = 0; i < findings.size(); ++i)
    groups[{findings[i].rule, findings[i].path(), findings[i].secret}].push_back(i);
  auto first_rank = [&](std::size_t i) { return rank(findings[i].origin->where); };
  std::vector<scanner::Finding> out;
  out.reserve(groups.size());
  for (auto& [key, members] : groups) {
    std::stable_sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      return first_rank(a) < first_rank(b);
    });
    if (members.size() == 1) {
      out.push_back(std::move(findings[members.front()]));
      continue;
    }
    const scanner::Finding& head = findings[members.front()];
    std::vector<scanner::Location> also = head.origin->also;
    for (std::size_t m = 1; m < members.size(); ++m) {
      const scanner::Finding& other = findings[members[m]];
      scanner::Location where = other.origin->where;
      if (auto* blob = std::get_if<scanner::GitBlobOrigin>(&where)) blob->line = other.line;
      if (auto* object = std::get_if<scanner::GitObjectOrigin>(&where))
        object->line = other.line;
      also.push_back(std::move(where));
      also.insert(also.end(), other.origin->also.begin(), other.origin->also.end());
    }
    std::stable_sort(also.begin(), also.end(),
                     [](const scanner::Location& a, const scanner::Location& b) {
                       return std::make_tuple(rank(a), scanner::path_of(a), line_of(a)) <
                              std::make_tuple(rank(b), scanner::path_of(b), line_of(b));
                     });
    scanner::Finding first = head;
    first.origin = scanner::make_origin(head.origin->where, std::move(also));
    out.push_back(std::move(first));
  }
  std::sort(out.begin(), out.end(), shown_less);
  findings = std::move(out);
}

} // namespace keysift::git
