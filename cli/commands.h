// Subcommand registration. Each subcommand adds itself to the CLI11 app and returns a
// Command; main() runs the one the user chose. A new subcommand is one function here,
// its own .cpp file, and one line in main.cpp.
#pragma once

#include <functional>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/options.h"

namespace keysift::cli {

struct Command {
  CLI::App* app = nullptr; // the parsed subcommand
  std::function<int()> run;
};

// Adds the options every scanning command shares (format, output, threads, …).
void add_scan_options(CLI::App& cmd, ScanOptions& options);
// The suppression and baseline options (part of add_scan_options).
void add_policy_options(CLI::App& cmd, ScanOptions& options);

std::vector<Command> add_scan_commands(CLI::App& app);    // scan
std::vector<Command> add_rules_commands(CLI::App& app);   // rules list, rules check
std::vector<Command> add_git_commands(CLI::App& app);     // git, install-hooks
std::vector<Command> add_image_commands(CLI::App& app);   // image
std::vector<Command> add_redact_commands(CLI::App& app);  // redact
std::vector<Command> add_config_commands(CLI::App& app);  // config check
std::vector<Command> add_migrate_commands(CLI::App& app); // migrate gitleaks
std::vector<Command> add_report_commands(CLI::App& app);  // report merge

} // namespace keysift::cli
