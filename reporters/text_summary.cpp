#include "reporters/text_summary.h"

#include <array>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "reporters/display.h"

namespace keysift::reporters {

namespace {

constexpr std::array<std::string_view, 5> kSeverityOrder = {"critical", "high", "medium",
                                                            "low", "info"};

std::string counted(std::uint64_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

std::string severity_breakdown(const scanner::ScanReport& report) {
  std::map<std::string, std::uint64_t> counts;
  for (const auto& finding : report.findings)
    ++counts[terminal_safe(report.rule(finding).severity)];
  std::vector<std::string> parts;
  for (const std::string_view severity : kSeverityOrder) {
    if (auto it = counts.find(std::string(severity)); it != counts.end()) {
      parts.push_back(fmt::format("{} {}", it->second, severity));
      counts.erase(it);
    }
  }
  for (const auto& [severity, count] : counts) {
    parts.push_back(fmt::format("{} {}", count, severity.empty() ? "unrated" : severity));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string skipped_part(const std::map<std::string, std::uint64_t>& skipped) {
  std::uint64_t total = 0;
  std::vector<std::string> parts;
  for (const auto& [reason, count] : skipped) {
    total += count;
    parts.push_back(fmt::format("{} {}", count, terminal_safe(reason)));
  }
  if (total == 0) return {};
  return fmt::format("; {} skipped ({})", total, fmt::join(parts, ", "));
}

// "3 commits, 2 of 3 layers": the units a source covered, against those it expected.
std::string units_part(const scanner::ScanStats& stats) {
  std::vector<std::string> parts;
  for (const auto& [unit, n] : stats.scanned) {
    const auto want = stats.requested.units.find(unit);
    if (want != stats.requested.units.end() && want->second != n)
      parts.push_back(fmt::format("{} of {} {}", n, want->second, terminal_safe(unit)));
    else
      parts.push_back(fmt::format("{} {}", n, terminal_safe(unit)));
  }
  for (const auto& [unit, n] : stats.requested.units)
    if (!stats.scanned.count(unit) && n > 0)
      parts.push_back(fmt::format("0 of {} {}", n, terminal_safe(unit)));
  if (parts.empty()) return {};
  return fmt::format(" [{}]", fmt::join(parts, ", "));
}

// What was asked but not scanned, when the verdict is not "complete".
std::string gaps_part(const scanner::ScanReport& report) {
  const std::string& status = report.stats.status;
  if (status.empty() || status == "complete") return {};
  std::vector<std::string> parts;
  for (const auto& [kind, n] : scanner::gaps_by_kind(report))
    parts.push_back(fmt::format("{} {}", n, terminal_safe(kind)));
  if (parts.empty()) return "; " + terminal_safe(status);
  return fmt::format("; {}: not scanned: {}", terminal_safe(status),
                     fmt::join(parts, ", "));
}

} // namespace

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  constexpr std::array<std::string_view, 5> units = {"kB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes) / 1000.0;
  std::size_t unit = 0;
  // 999.95 would print as "1000.0": move to the next unit first.
  while (value >= 999.95 && unit + 1 < units.size()) {
    value /= 1000.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string text_summary(const scanner::ScanReport& report) {
  const auto& stats = report.stats;
  const std::string files = counted(stats.files_scanned, "file", "files");
  std::string out;
  if (report.findings.empty()) {
    out = fmt::format("no findings in {} ({})", files, human_bytes(stats.bytes_scanned));
  } else {
    out = fmt::format("{} ({}) in {}, {} scanned in {:.2f} s",
                      counted(report.findings.size(), "finding", "findings"),
                      severity_breakdown(report), files, human_bytes(stats.bytes_scanned),
                      stats.seconds);
  }
  out += units_part(stats);
  out += skipped_part(stats.skipped);
  if (!stats.allowed.empty()) {
    std::uint64_t total = 0;
    std::vector<std::string> parts;
    for (const auto& [kind, count] : stats.allowed) {
      total += count;
      parts.push_back(fmt::format("{} {}", count, terminal_safe(kind)));
    }
    out += fmt::format("; {} allowed ({})", total, fmt::join(parts, ", "));
  }
  if (!report.errors.empty()) {
    out += "; " + counted(report.errors.size(), "error", "errors");
  }
  return out + gaps_part(report);
}

} // namespace keysift::reporters
