#include "cli/policy_run.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "policy/baseline.h"
#include "policy/weakening.h"
#include "reporters/display.h"

namespace keysift::cli {
namespace fs = std::filesystem;
namespace {

Result<std::vector<policy::BaselineEntry>> read_target(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::vector<policy::BaselineEntry>{};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return Status::error(path + ": cannot read");
  auto b = policy::parse_baseline(buf.str(), path);
  if (!b) return b.status();
  return std::move(b->entries);
}

// Writes `text` to `path` through a temporary file in the same directory, so a reader
// never sees half a baseline.
Status write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".keysift-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Status::error(tmp + ": cannot write");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::error(path + ": " + ec.message());
  return Status::ok();
}

std::set<std::string> used_places(const scanner::ScanReport& report) {
  std::set<std::string> out;
  for (const auto& f : report.allowed)
    if (f.allowed.kind == "baseline") out.insert(f.allowed.by);
  return out;
}

} // namespace

// A baseline in a git work tree gets `merge=union` in the work tree's .gitattributes:
// git's union driver keeps both sides' lines where two branches insert entries at the
// same place, which a sorted file otherwise turns into a conflict.
void mark_union_merge(const std::string& baseline) {
  std::error_code ec;
  const fs::path file = fs::absolute(baseline, ec).lexically_normal();
  fs::path root = file.parent_path();
  while (!fs::exists(root / ".git", ec)) {
    if (root == root.root_path() || root.empty()) return; // not in a work tree
    root = root.parent_path();
  }
  const std::string line =
      "/" + file.lexically_relative(root).generic_string() + " merge=union";
  const fs::path attributes = root / ".gitattributes";
  std::ifstream in(attributes);
  for (std::string l; std::getline(in, l);)
    if (l == line) return;
  in.close();
  std::ofstream out(attributes, std::ios::app);
  out << line << '\n';
  if (out)
    std::cerr << fmt::format("keysift: {}: added '{}', so that branches adding baseline "
                             "entries merge without conflicts\n",
                             attributes.string(), line);
}

Status check_policy_flags(const ScanOptions& o, bool diff) {
  if (diff && (o.prune_baseline || o.report_unused || o.fail_on_unused))
    return Status::error(
        "--prune-baseline, --report-unused and --fail-on-unused need a full "
        "scan (keysift scan, keysift git without a mode, keysift image): a "
        "diff check sees only the lines it changes");
  if (!o.update_baseline &&
      (!o.baseline_reason.empty() || !o.approved_by.empty() || !o.expires.empty()))
    return Status::error(
        "--baseline-reason, --approved-by and --expires describe the entries "
        "--update-baseline adds");
  if (!o.expires.empty() && !policy::valid_date(o.expires))
    return Status::error("--expires: '" + o.expires + "' is not a date (YYYY-MM-DD)");
  return Status::ok();
}

void print_policy_warnings(const RunPolicy& policy) {
  for (const auto& w : policy.warnings)
    std::cerr << "keysift: warning: " << reporters::terminal_safe(w) << '\n';
}

bool wants_unused(const ScanOptions& o, const RunPolicy& policy) {
  return !policy.diff && (o.report_unused || o.fail_on_unused || o.prune_baseline);
}

void print_policy_notes(const scanner::ScanReport& report, const ScanOptions& o) {
  for (const auto& n : report.notes) {
    if (n.kind == "expired")
      std::cerr << fmt::format("keysift: warning: {}: the entry for {} expired on {}: its "
                               "finding is reported again\n",
                               reporters::terminal_safe(n.where), n.fingerprint, n.detail);
    else if (n.kind == "unused" && (o.report_unused || o.fail_on_unused))
      std::cerr << fmt::format("keysift: {}: {} matched nothing in this scan\n",
                               reporters::terminal_safe(n.where),
                               reporters::terminal_safe(n.fingerprint));
  }
}

Status update_baseline(scanner::ScanReport& report, const ScanOptions& o,
                       const RunPolicy& policy) {
  if (!o.update_baseline && !o.prune_baseline) return Status::ok();
  const std::string& target = policy.baseline_target;
  if (target.empty())
    return Status::error("--update-baseline and --prune-baseline need --baseline FILE (or "
                         "`baseline` in the config)");
  if (o.prune_baseline && !report.errors.empty())
    return Status::error(target + ": not pruned: the scan was incomplete, so an entry that "
                                  "matched nothing may still be needed");
  auto entries = read_target(target);
  if (!entries) return entries.status();
  std::size_t pruned = 0, added = 0;
  if (o.prune_baseline) {
    const auto used = used_places(report);
    std::erase_if(*entries, [&](const policy::BaselineEntry& e) {
      const bool drop = !used.count(fmt::format("{}:{}", target, e.line));
      pruned += drop;
      return drop;
    });
  }
  if (o.update_baseline) {
    std::set<std::string> seen;
    std::vector<scanner::Finding> kept;
    for (auto& f : report.findings) {
      const bool ours =
          report.rule(f).id != policy::weakened_rule_id &&
          !(policy.suppressor && policy.suppressor->has_expired_entry(f.fingerprint));
      if (!ours) {
        kept.push_back(std::move(f));
        continue;
      }
      if (seen.insert(f.fingerprint).second) {
        entries->push_back(
            {f.fingerprint, "", o.expires, o.approved_by, o.baseline_reason, 0});
        ++added;
      }
      f.allowed = {"baseline", target + " (added now)", o.baseline_reason};
      ++report.stats.allowed["baseline"];
      report.allowed.push_back(std::move(f));
    }
    report.findings = std::move(kept);
    std::sort(report.allowed.begin(), report.allowed.end(), scanner::finding_less);
  }
  if (auto st = write_atomically(target, policy::format_baseline(*entries)); !st) return st;
  std::cerr << fmt::format("keysift: {}: {} entr{} added, {} pruned\n", target, added,
                           added == 1 ? "y" : "ies", pruned);
  mark_union_merge(target);
  return Status::ok();
}

} // namespace keysift::cli
