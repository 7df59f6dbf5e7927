// `keysift config check [FILE] [--base FILE]`: validates a config (either format), says
// what it changes relative to the built-in pack, and with --base what it weakens relative
// to another config (what a reviewer of a change to .keysift.toml wants to know).
#include <iostream>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/project.h"
#include "cli/report.h"
#include "rules/builtin.h"
#include "scanner/compiled_rules.h"

namespace keysift::cli {
namespace {

struct ConfigCheckOptions {
  std::string file; // "" : KEYSIFT_CONFIG, else ./.keysift.toml
  std::string base;
};

Result<policy::PolicyFiles> read_config_file(const std::string& path) {
  ProjectSpec spec;
  spec.config = path;
  spec.root = ".";
  spec.files = [](const std::string&) -> Result<std::optional<std::string>> {
    return std::optional<std::string>();
  };
  return read_policy_files(spec);
}

int run_config_check(const ConfigCheckOptions& o) {
  std::string file = config_from_env(o.file);
  if (file.empty()) file = ".keysift.toml";
  auto files = read_config_file(file);
  if (!files) return fail(files.error());
  const policy::ProjectConfig& config = *files->config;
  auto pack = rules::load_builtin();
  if (!pack) return fail(pack.error());
  auto effective = policy::apply_config(*pack, config);
  if (!effective) return fail(effective.error());
  const std::size_t rules = effective->rules.rules.size();
  auto compiled = compile_rule_set(std::move(effective->rules));
  if (!compiled) return fail(compiled.error());
  std::cout << fmt::format(
      "{}: ok ({} format): {} rules in use (the built-in pack has {})\n", file,
      config.format == policy::ProjectConfig::Format::gitleaks ? "gitleaks" : "keysift",
      rules, pack->rules.size());
  const auto changes = policy::describe_changes(*pack, config);
  if (changes.empty()) std::cout << "  no change to the built-in pack\n";
  for (const auto& c : changes) std::cout << "  " << c << '\n';
  for (const auto& w : effective->warnings) std::cerr << "keysift: warning: " << w << '\n';
  if (o.base.empty()) return exit_clean;
  auto base = read_config_file(o.base);
  if (!base) return fail(base.error());
  const auto weakened = policy::find_weakenings(*pack, *base, *files);
  std::cout << fmt::format("{} weakening{} relative to {}\n", weakened.size(),
                           weakened.size() == 1 ? "" : "s", o.base);
  for (const auto& w : weakened)
    std::cout << fmt::format("  {}:{}:{}: {}\n", w.file, w.line, w.column, w.what);
  return weakened.empty() ? exit_clean : exit_findings;
}

} // namespace

std::vector<Command> add_config_commands(CLI::App& app) {
  auto check = std::make_shared<ConfigCheckOptions>();
  CLI::App* config = app.add_subcommand("config", "Check a project config");
  config->require_subcommand(1);
  CLI::App* cmd = config->add_subcommand(
      "check",
      "Validate a config (keysift's or gitleaks' format) and show what it changes");
  cmd->add_option("file", check->file,
                  "The config (default: KEYSIFT_CONFIG, .keysift.toml)");
  cmd->add_option(
      "--base", check->base,
      "Also list what FILE weakens relative to this config (exit 1 if anything)");
  return {{cmd, [check] { return run_config_check(*check); }}};
}

} // namespace keysift::cli
