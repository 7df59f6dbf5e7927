// `keysift report merge FILE...`: the json reports of a sharded history audit combined
// into the report a single run gives (cli/report_merge.h), written as json, jsonl or
// SARIF. The reports are read as untrusted input: each is size-checked before it is
// read, then parsed under reporters/report_read.h's limits.
#include <fstream>
#include <iostream>
#include <sys/stat.h>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/report.h"
#include "cli/report_file.h"
#include "cli/report_merge.h"

namespace keysift::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> files;
  std::string format = "json";
  std::string output;
};

Result<std::string> read_report(const std::string& path, std::size_t limit) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::error(path + ": cannot read it");
  if (!S_ISREG(st.st_mode)) return Status::error(path + ": not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > limit)
    return Status::error(fmt::format("{}: {} bytes, over the limit of {} for a report",
                                     path, st.st_size, limit));
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
    return Status::error(path + ": cannot read it");
  return text;
}

int run_merge(const MergeOptions& o) {
  auto format = reporters::parse_format(o.format);
  if (!format) return fail(format.error());
  if (*format != reporters::Format::json && *format != reporters::Format::jsonl &&
      *format != reporters::Format::sarif)
    return fail("report merge: -f must be json, jsonl or sarif");
  const reporters::ReadLimits limits;
  if (o.files.size() > 4096) return fail("report merge: more than 4096 reports");
  std::vector<MergeInput> inputs;
  for (const auto& path : o.files) {
    auto text = read_report(path, limits.max_bytes);
    if (!text) return fail(text.error());
    auto read = reporters::read_json_report(*text, limits);
    if (!read)
      return fail(path + ": " + read.error() +
                  " (report merge reads the json reports of `keysift git --shard`)");
    inputs.push_back({path, std::move(read).value()});
  }
  auto merged = merge_shards(std::move(inputs));
  if (!merged) return fail(merged.error());
  std::unique_ptr<ReportFile> file;
  if (!o.output.empty()) {
    auto created = ReportFile::create(o.output);
    if (!created) return fail(created.error());
    file = std::move(created).value();
  }
  std::ostream& out = file ? file->stream() : std::cout;
  reporters::ReportOptions ropts;
  ropts.show_secrets = true; // the values are read as the shards showed them
  ropts.show_allowed = merged->show_allowed;
  ropts.tool_version = KEYSIFT_VERSION;
  auto reporter = reporters::make_reporter(*format, out, ropts);
  const scanner::ScanReport& report = merged->report;
  for (const auto& f : report.findings) reporter->on_finding(f, report);
  reporter->finish(report);
  out.flush();
  const std::string dest = file ? o.output : "stdout";
  if (auto st = reporter->status(); !st) return fail(dest + ": " + st.message());
  if (!out) return fail(dest + ": write failed");
  if (file)
    if (auto st = file->commit(); !st) return fail(st.message());
  for (const auto& e : report.errors)
    std::cerr << "keysift: error: "
              << (e.path.empty() ? e.reason : e.path + ": " + e.reason) << '\n';
  if (report.stats.status == "incomplete")
    std::cerr << "keysift: incomplete: part of the audit is not in the merged report\n";
  return exit_code_for(report, exit_findings, {});
}

} // namespace

std::vector<Command> add_report_commands(CLI::App& app) {
  auto options = std::make_shared<MergeOptions>();
  CLI::App* report = app.add_subcommand("report", "Work with reports keysift wrote");
  report->require_subcommand(1);
  CLI::App* merge = report->add_subcommand(
      "merge",
      "Merge the json reports of `keysift git --shard I/N` into one audit's report");
  merge->add_option("files", options->files, "The shards' json reports")->required();
  merge->add_option("-f,--format", options->format, "Output: json, jsonl or sarif")
      ->type_name("FORMAT");
  merge->add_option("-o,--output", options->output, "Write the report to FILE")
      ->type_name("FILE");
  return {{merge, [options] { return run_merge(*options); }}};
}

} // namespace keysift::cli
