#include "reporters/report_facts.h"

#include <fmt/format.h>

#include "reporters/text_summary.h"

namespace keysift::reporters {

std::string rule_help(const rules::Rule& rule) {
  if (!rule.help.empty()) return rule.help;
  return fmt::format(
      "This looks like a live credential ({}). Treat it as exposed: revoke or rotate it "
      "where it was issued, then remove it from the file, and from the history if it was "
      "committed. If it is not a real secret, mark its line with a keysift:allow comment "
      "or "
      "allowlist it in .keysift.toml.",
      rule.description.empty() ? rule.id : rule.description);
}

bool scan_complete(const scanner::ScanReport& report) {
  return report.errors.empty();
}

std::string coverage_line(const scanner::ScanReport& report) {
  const auto& s = report.stats;
  std::string out =
      fmt::format("scanned {} file{} ({})", s.files_scanned,
                  s.files_scanned == 1 ? "" : "s", human_bytes(s.bytes_scanned));
  std::uint64_t skipped = 0;
  std::string reasons;
  for (const auto& [reason, n] : s.skipped) {
    skipped += n;
    reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", n, reason);
  }
  if (skipped > 0) out += fmt::format("; skipped {} ({})", skipped, reasons);
  if (!report.errors.empty())
    out += fmt::format("; {} input{} failed", report.errors.size(),
                       report.errors.size() == 1 ? "" : "s");
  return out;
}

} // namespace keysift::reporters
