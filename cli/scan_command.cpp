// `keysift scan`: files, directories and standard input.
#include <algorithm>
#include <fstream>
#include <iostream>

#include <fmt/core.h>
#include <unistd.h>

#include "cli/config.h"
#include "cli/options.h"
#include "cli/project.h"
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
  ProjectSpec spec;
  spec.config = config_from_env(options.config);
  spec.root = project_root(paths);
  spec.baselines = options.baselines;
  spec.path_root = spec.root;
  auto project = load_project(spec);
  if (!project) return fail(project.error());
  auto run = prepare_run(std::move(project).value(), options, false);
  if (!run) return fail(run.error());
  options.exempt_contexts = exempt_contexts(options.exempt_contexts, run->exempt_contexts);

  scanner::PipelineOptions popts;
  popts.threads = options.threads;
  popts.gate = run->gate;
  popts.decode_depth = options.decode_depth;
  popts.stream_threshold = options.stream_threshold_mb << 20;
  scanner::sources::FilesystemSource source(paths);
  ReportPlan plan;
  plan.format = *format;
  plan.requested.mode = "scan";
  for (const auto& p : paths) plan.requested.targets.push_back(p == "-" ? "stdin" : p);
  plan.policy = &run->policy;
  // Standard input alone has no total and is a filter's input: no progress line.
  if (std::any_of(paths.begin(), paths.end(),
                  [](const std::string& p) { return p != "-"; }))
    plan.progress = ProgressKind::files;
  return scan_and_report(run->rules, popts, source, options, plan);
}

} // namespace keysift::cli
