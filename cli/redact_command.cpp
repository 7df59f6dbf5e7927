// `keysift redact`: a filter from standard input to standard output that masks every
// detected secret and leaves every other byte as it was. Reads with read(2) as data
// arrives and writes out whatever the Redactor releases, so it can sit in a live log;
// reading and matching run on one thread, settling and writing on another.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/project.h"
#include "cli/report.h"
#include "redact/redact_stream.h"
#include "redact/redactor.h"

namespace keysift::cli {
namespace {

struct RedactCliOptions {
  std::string config;
  redact::RedactOptions redact;
  bool summary = false;
};

int run_redact(const RedactCliOptions& options) {
  ProjectSpec spec;
  spec.config = config_from_env(options.config);
  spec.root = ".";
  auto project = load_project(spec);
  if (!project) return fail(project.error());
  auto compiled = compile_rule_set(project->effective.rules);
  if (!compiled) return fail(compiled.error());
  for (const auto& w : project->warnings) std::cerr << "keysift: warning: " << w << '\n';
  // A log is masked wherever a secret is, except what the config's allowlists say is not
  // one: baselines accept a finding, not its exposure, and a log line is no comment.
  policy::SuppressionInputs in;
  in.allowlists = project->effective.allowlists;
  in.allow_comments = false;
  auto suppressor = std::make_shared<policy::Suppressor>(std::move(in));
  auto context = std::make_shared<scanner::ScanReport>();
  context->rules = (*compiled)->rule_set();
  redact::RedactOptions redact_options = options.redact;
  if (!project->effective.allowlists.empty())
    redact_options.allowed = [suppressor, context](const scanner::Finding& f) {
      scanner::Finding copy = f;
      return suppressor->allow(copy, *context);
    };
  // A closed reader is reported, not a silent death.
  if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR) return fail("cannot ignore SIGPIPE");
  redact::Redactor redactor(*compiled, redact_options);
  if (auto st = redactor.open(); !st) return fail(st.message());
  const auto result = redact::redact_stream(redactor, STDIN_FILENO, STDOUT_FILENO);
  if (result.output_closed) return exit_clean; // the reader has gone (`| head`): done
  if (!result.status) return fail(result.status.message());
  if (options.summary)
    std::cerr << "keysift: redacted " << redactor.secrets() << " secret(s)\n";
  return exit_clean;
}

} // namespace

std::vector<Command> add_redact_commands(CLI::App& app) {
  auto options = std::make_shared<RedactCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "redact", "Copy stdin to stdout with every detected secret masked (for CI logs)");
  cmd->add_option("--mask", options->redact.mask,
                  "Replacement text (default ***REDACTED***)");
  cmd->add_option("--keep", options->redact.keep,
                  "Keep the first N characters of each secret (at most half of it)")
      ->check(CLI::Range(0, 64));
  cmd->add_option("-c,--config", options->config,
                  "Extra rules and allowlists (TOML); default: .keysift.toml if present")
      ->type_name("FILE");
  cmd->add_flag("--summary", options->summary,
                "Print the number of secrets masked to stderr");
  return {{cmd, [options] { return run_redact(*options); }}};
}

} // namespace keysift::cli
