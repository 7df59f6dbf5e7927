#include "cli/report.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/report_file.h"
#include "cli/signals.h"
#include "reporters/display.h"

namespace keysift::cli {

int fail(const std::string& message) {
  std::cerr << "keysift: error: " << message << '\n';
  return exit_error;
}

namespace {

// Every gap kind a user may accept. gap::failed is not a gap but a failed run, and
// gap::interrupted is never accepted: a stopped scan covered an unknown part of its
// input.
const std::vector<std::string>& gap_kinds() {
  static const std::vector<std::string> kinds = {
      scanner::gap::unreadable,  scanner::gap::missing_object, scanner::gap::partial_clone,
      scanner::gap::shallow,     scanner::gap::corrupt,        scanner::gap::limit,
      scanner::gap::unsupported, scanner::gap::error};
  return kinds;
}

} // namespace

Result<std::vector<std::string>> parse_allow_partial(const std::string& spec) {
  if (spec.empty() || spec == "false") return std::vector<std::string>{};
  if (spec == "all" || spec == "true") return gap_kinds(); // "true": the bare flag
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= spec.size()) {
    std::size_t comma = spec.find(',', at);
    if (comma == std::string::npos) comma = spec.size();
    const std::string kind = spec.substr(at, comma - at);
    at = comma + 1;
    if (std::find(gap_kinds().begin(), gap_kinds().end(), kind) == gap_kinds().end())
      return Status::error(
          fmt::format("--allow-partial: unknown kind '{}' (kinds: {}, or all)", kind,
                      fmt::join(gap_kinds(), ", ")));
    out.push_back(kind);
  }
  return out;
}

std::string coverage_status(const scanner::ScanReport& report,
                            const std::vector<std::string>& allowed, EmptyRun empty) {
  const auto gaps = scanner::gaps_by_kind(report);
  if (gaps.count(scanner::gap::failed)) return "failed";
  // A safety limit stopped an input that was being read (a decompression bomb, a layer
  // claiming a terabyte): it was readable, the scan came up short (README: exit 3).
  if (report.stats.files_scanned == 0 && empty == EmptyRun::error &&
      !gaps.count(scanner::gap::limit))
    return "failed";
  if (gaps.empty()) return "complete";
  for (const auto& [kind, n] : gaps)
    if (std::find(allowed.begin(), allowed.end(), kind) == allowed.end())
      return "incomplete";
  return "partial";
}

int exit_code_for(const scanner::ScanReport& report, int findings_code,
                  const std::vector<std::string>& exempt) {
  const bool gating = std::any_of(
      report.findings.begin(), report.findings.end(), [&](const scanner::Finding& f) {
        return f.context.empty() ||
               std::find(exempt.begin(), exempt.end(), f.context) == exempt.end();
      });
  if (gating) return findings_code;
  if (report.stats.status == "failed") return exit_error;
  if (report.stats.status == "incomplete") return exit_incomplete;
  return exit_clean;
}

namespace {

bool want_color(const ScanOptions& options, bool to_stdout) {
  if (options.color == "always") return true;
  if (options.color == "never") return false;
  return to_stdout && ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

// The progress line needs a terminal that redraws a line in place, and a person watching
// it: never in CI (a runner that allocates a terminal still writes its output to a log,
// where every redraw would be a line of its own), nor on a "dumb" terminal.
bool want_progress(const ScanOptions& options, ProgressKind kind) {
  if (kind == ProgressKind::none || options.no_progress || !::isatty(STDERR_FILENO))
    return false;
  const char* ci = std::getenv("CI");
  if (ci && *ci && std::string_view(ci) != "false" && std::string_view(ci) != "0")
    return false;
  const char* term = std::getenv("TERM");
  return !(term && std::string_view(term) == "dumb");
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double cpu_seconds_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void print_diagnostics(const scanner::ScanReport& report) {
  // Paths and reasons come from the input: escaped so they cannot drive the terminal.
  for (const auto& e : report.errors)
    std::cerr << "keysift: error: "
              << reporters::terminal_safe(e.path.empty() ? e.reason
                                                         : e.path + ": " + e.reason)
              << '\n';
  const auto& stats = report.stats;
  if (report.findings.empty() && report.errors.empty() && stats.status == "failed") {
    std::string why = "nothing was scanned";
    if (!stats.skipped.empty()) {
      why += " (skipped:";
      for (const auto& [reason, n] : stats.skipped) why += fmt::format(" {} {}", n, reason);
      why += ")";
    }
    std::cerr << "keysift: error: " << why << '\n';
  }
  if (stats.status == "incomplete" || stats.status == "partial") {
    std::string kinds;
    for (const auto& [kind, n] : scanner::gaps_by_kind(report))
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, kind);
    std::cerr << fmt::format(
        "keysift: {}: part of the input was not scanned ({}){}\n", stats.status, kinds,
        stats.status == "partial" ? ", accepted by --allow-partial"
                                  : "; --allow-partial=KINDS accepts such gaps");
  }
}

} // namespace

namespace {

// The suppression stage and what follows it: allowed findings leave report.findings,
// config-weakened findings join, the baseline is rewritten.
Status apply_policy(scanner::ScanReport& report, const ScanOptions& options,
                    RunPolicy& policy) {
  if (policy.suppressor)
    policy.suppressor->apply(report,
                             wants_unused(options, policy) && report.errors.empty());
  if (policy.add_findings) policy.add_findings(report);
  return update_baseline(report, options, policy);
}

bool any_unused(const scanner::ScanReport& report) {
  return std::any_of(report.notes.begin(), report.notes.end(),
                     [](const scanner::PolicyNote& n) { return n.kind == "unused"; });
}

} // namespace

int scan_and_report(std::shared_ptr<const scanner::CompiledRules> rules,
                    const scanner::PipelineOptions& pipeline, scanner::Source& source,
                    const ScanOptions& options, const ReportPlan& plan) {
  auto allowed = parse_allow_partial(options.allow_partial);
  if (!allowed) return fail(allowed.error());
  std::unique_ptr<ReportFile> file;
  if (!options.output.empty()) {
    auto created = ReportFile::create(options.output);
    if (!created) return fail(created.error());
    file = std::move(created).value();
  }
  RunPolicy* policy = plan.policy;
  if (policy) print_policy_warnings(*policy);
  std::ostream& out = file ? file->stream() : std::cout;
  reporters::ReportOptions ropts;
  ropts.show_secrets = options.show_secrets;
  ropts.show_allowed = options.show_allowed;
  ropts.color = plan.format == reporters::Format::text && want_color(options, !file);
  ropts.tool_version = KEYSIFT_VERSION;
  ropts.shard = plan.shard;
  // GitLab CI names the pipeline's commit; a finding without its own belongs to it.
  if (const char* sha = std::getenv("CI_COMMIT_SHA")) ropts.default_commit = sha;
  auto reporter = reporters::make_reporter(plan.format, out, ropts);
  scanner::ProgressCounters counters;
  scanner::PipelineOptions counted = pipeline;
  std::optional<ProgressDisplay> display;
  if (want_progress(options, plan.progress)) {
    counted.progress = &counters;
    // A range's commits are known before it runs; a history's walk counts its own.
    if (auto it = plan.requested.units.find("commits"); it != plan.requested.units.end())
      counters.commits_total = it->second;
    display.emplace(ProgressMeter(
        plan.progress, counters, [] { return std::chrono::steady_clock::now(); },
        [](std::string_view s) {
          std::cerr.write(s.data(), std::streamsize(s.size())).flush();
        },
        terminal_width(STDERR_FILENO)));
  }
  scanner::Pipeline pipe(std::move(rules), counted);
  // Findings stream as they are confirmed unless the finished report is rewritten first.
  const bool rewritten =
      plan.transform || (policy && (policy->add_findings || options.update_baseline));
  policy::Suppressor* suppressor = policy ? policy->suppressor.get() : nullptr;
  scanner::FindingCallback stream;
  const bool to_terminal = !file && ::isatty(STDOUT_FILENO);
  if (!rewritten)
    stream = [&](const scanner::Finding& f, const scanner::ScanReport& so_far) {
      if (suppressor) {
        scanner::Finding copy = f;
        if (suppressor->allow(copy, so_far)) return;
      }
      // Findings streamed to the terminal go out with the progress line erased.
      if (display && to_terminal)
        display->with_line_cleared([&] { reporter->on_finding(f, so_far); });
      else
        reporter->on_finding(f, so_far);
    };
  install_signal_handling(); // before the pipeline starts its threads
  const std::int64_t started = unix_ms_now();
  const double cpu_before = cpu_seconds_now();
  auto report = pipe.run(source, stream, stop_token());
  report.stats.started_ms = started;
  report.stats.ended_ms = unix_ms_now();
  report.stats.cpu_seconds = cpu_seconds_now() - cpu_before;
  if (display) display->stop(); // the line is erased before anything else is written
  if (const int sig = stop_signal())
    std::cerr
        << "keysift: " << signal_name(sig)
        << ": the scan was stopped; the report covers only what was scanned before it\n";
  report.stats.requested.mode = plan.requested.mode;
  report.stats.requested.targets = plan.requested.targets;
  for (const auto& [unit, n] : plan.requested.units)
    report.stats.requested.units[unit] += n;
  report.stats.status = coverage_status(report, *allowed, plan.empty);
  report.stats.allowed_gaps = *allowed;
  if (plan.stats) *plan.stats = report.stats;
  if (plan.transform) plan.transform(report);
  if (policy) {
    if (auto st = apply_policy(report, options, *policy); !st) return fail(st.message());
  }
  if (rewritten)
    for (const auto& f : report.findings) reporter->on_finding(f, report);
  reporter->finish(report);
  out.flush();
  const std::string dest = file ? options.output : "stdout";
  if (auto st = reporter->status(); !st) return fail(dest + ": " + st.message());
  if (!out) return fail(dest + ": write failed");
  if (file)
    if (auto st = file->commit(); !st) return fail(st.message());
  print_diagnostics(report);
  print_policy_notes(report, options);
  int rc = exit_code_for(report, options.exit_code, options.exempt_contexts);
  if (rc == exit_clean && options.fail_on_unused && any_unused(report))
    rc = options.exit_code;
  if (policy && policy->on_findings && !report.findings.empty() && rc != exit_clean)
    policy->on_findings(report);
  return rc;
}

} // namespace keysift::cli
