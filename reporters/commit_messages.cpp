#include "reporters/commit_messages.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "reporters/display.h"
#include "reporters/redact.h"

namespace keysift::reporters {
namespace {

// The commits (catalog numbers) whose message is one of the finding's places.
std::vector<std::uint32_t> message_commits(const scanner::Finding& finding) {
  std::vector<std::uint32_t> out;
  if (!finding.origin) return out;
  auto add = [&](const scanner::Location& where) {
    const auto* blob = std::get_if<scanner::GitBlobOrigin>(&where);
    if (blob != nullptr && blob->message) out.push_back(blob->commit);
  };
  add(finding.origin->where);
  for (const auto& where : finding.origin->also) add(where);
  return out;
}

} // namespace

void redact_commit_messages(scanner::ScanReport& report) {
  std::map<std::uint32_t, std::vector<std::string>> forms; // commit -> what to mask
  for (const auto& finding : report.findings)
    for (std::uint32_t commit : message_commits(finding))
      for (auto& form : secret_forms(finding)) forms[commit].push_back(std::move(form));
  for (auto& [commit, texts] : forms) {
    if (commit >= report.catalog.commits.size()) continue;
    std::stable_sort(
        texts.begin(), texts.end(),
        [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    std::string& message = report.catalog.commits[commit].message;
    for (const auto& text : texts) message = redact_in(message, text);
  }
}

} // namespace keysift::reporters
