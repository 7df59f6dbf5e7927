#include "cli/report.h"

#include <fstream>
#include <iostream>

#include <fmt/core.h>

#include "reporters/display.h"
#include <unistd.h>

namespace keysift::cli {

int fail(const std::string& message) {
  std::cerr << "keysift: error: " << message << '\n';
  return exit_error;
}

int exit_code_for(const scanner::ScanReport& report, int findings_code, EmptyRun empty) {
  if (!report.findings.empty()) return findings_code;
  if (!report.errors.empty()) return exit_error;
  if (report.stats.files_scanned == 0 && empty == EmptyRun::error) return exit_error;
  return exit_clean;
}

namespace {

bool want_color(const ScanOptions& options, bool to_stdout) {
  if (options.color == "always") return true;
  if (options.color == "never") return false;
  return to_stdout && ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

void print_diagnostics(const scanner::ScanReport& report, EmptyRun empty) {
  // Paths and reasons come from the input: escaped so they cannot drive the terminal.
  for (const auto& e : report.errors)
    std::cerr << "keysift: error: "
              << reporters::terminal_safe(e.path.empty() ? e.reason
                                                         : e.path + ": " + e.reason)
              << '\n';
  if (report.findings.empty() && report.errors.empty() && report.stats.files_scanned == 0 &&
      empty == EmptyRun::error) {
    std::string why = "nothing was scanned";
    if (!report.stats.skipped.empty()) {
      why += " (skipped:";
      for (const auto& [reason, n] : report.stats.skipped)
        why += fmt::format(" {} {}", n, reason);
      why += ")";
    }
    std::cerr << "keysift: error: " << why << '\n';
  }
}

} // namespace

int scan_and_report(std::shared_ptr<const scanner::CompiledRules> rules,
                    const scanner::PipelineOptions& pipeline, scanner::Source& source,
                    reporters::Format format, const ScanOptions& options, EmptyRun empty,
                    const ReportTransform& transform) {
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file) return fail(options.output + ": cannot open for writing");
  }
  std::ostream& out = options.output.empty() ? std::cout : file;
  reporters::ReportOptions ropts;
  ropts.show_secrets = options.show_secrets;
  ropts.color =
      format == reporters::Format::text && want_color(options, options.output.empty());
  ropts.tool_version = KEYSIFT_VERSION;
  auto reporter = reporters::make_reporter(format, out, ropts);
  scanner::Pipeline pipe(std::move(rules), pipeline);
  scanner::FindingCallback stream;
  if (!transform)
    stream = [&](const scanner::Finding& f, const scanner::ScanReport& so_far) {
      reporter->on_finding(f, so_far);
    };
  auto report = pipe.run(source, stream);
  if (transform) {
    transform(report);
    for (const auto& f : report.findings) reporter->on_finding(f, report);
  }
  reporter->finish(report);
  out.flush();
  const std::string dest = options.output.empty() ? "stdout" : options.output;
  if (auto st = reporter->status(); !st) return fail(dest + ": " + st.message());
  if (!out) return fail(dest + ": write failed");
  print_diagnostics(report, empty);
  return exit_code_for(report, options.exit_code, empty);
}

} // namespace keysift::cli
