// `keysift scan`: files, directories and standard input.
#include <fstream>
#include <iostream>

#include <fmt/core.h>
#include <unistd.h>

#include "cli/config.h"
#include "cli/options.h"
#include "cli/report.h"
#include "scanner/pipeline.h"
#include "scanner/sources/filesystem.h"

namespace keysift::cli {

int run_scan(const ScanOptions& given) {
  ScanOptions options = given;
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back(".");
  auto format = reporters::parse_format(options.format);
  if (!format) return fail(format.error());
  auto set = load_rule_set(find_config(options.config, paths));
  if (!set) return fail(set.error());
  options.exempt_contexts = exempt_contexts(options.exempt_contexts, *set);
  auto compiled = compile_rule_set(std::move(set).value());
  if (!compiled) return fail(compiled.error());
  const scanner::Confirmer gate(*compiled);

  scanner::PipelineOptions popts;
  popts.threads = options.threads;
  popts.scan_binary = options.scan_binary;
  popts.decode_depth = options.decode_depth;
  popts.stream_threshold = options.stream_threshold_mb << 20;
  scanner::sources::FilesystemSource source(
      paths, [&](std::string_view p) { return gate.path_allowlisted(p); });
  ReportPlan plan;
  plan.format = *format;
  plan.requested.mode = "scan";
  for (const auto& p : paths) plan.requested.targets.push_back(p == "-" ? "stdin" : p);
  return scan_and_report(*compiled, popts, source, options, plan);
}

} // namespace keysift::cli
