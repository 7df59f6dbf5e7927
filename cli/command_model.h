// The command line as data: every subcommand, option and positional argument that the
// CLI11 definitions (the ones --help prints) declare, so that the man page and the shell
// completions are generated from the same source and cannot drift from --help.
// Plain values; built once from a fully defined CLI::App. Not thread-safe to build.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace keysift::cli {

// What an option's value is, for completions: none (a flag), one of `choices`, a
// number, a path (a positional argument, or a value named FILE, DIR or PATH), or other
// text (a range, a date, a ref: nothing to offer).
enum class ValueKind { none, choice, number, path, text };

struct OptionModel {
  std::vector<std::string> names; // "-f", "--format"; a positional's single name ("paths")
  bool positional = false;
  bool repeatable = false;           // a positional that takes several values
  ValueKind value = ValueKind::none; // none: a flag
  std::string type;                  // what --help shows after the names ("TEXT:{a,b}")
  std::vector<std::string> choices;  // ValueKind::choice
  std::string description;
};

struct CommandModel {
  std::vector<std::string> path; // {} for keysift itself, {"rules", "list"}
  std::string description;
  std::vector<OptionModel> options; // in definition order; --help and --version included
  std::vector<CommandModel> subcommands;

  std::string name() const;  // "keysift rules list"
  std::string usage() const; // "keysift rules list [OPTIONS]" (+ positionals)
  bool takes_paths() const;  // a positional argument that names files
};

// Walks `app` (the root, every subcommand defined). Hidden subcommands (empty group) and
// hidden options are left out, as --help leaves them out.
CommandModel describe(const CLI::App& app, std::vector<std::string> path = {});

// Every command of the tree, depth first, the root first.
std::vector<const CommandModel*> flatten(const CommandModel& root);

} // namespace keysift::cli
