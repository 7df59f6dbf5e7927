// Options of `keysift git` and `keysift install-hooks`, filled by the parser in
// git_command.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/options.h"

namespace keysift::cli {

struct GitOptions {
  ScanOptions scan;
  std::string repo = ".";
  bool staged = false;
  std::string range; // BASE..HEAD
  bool pre_push = false;
  // The history audit (no mode flag):
  bool all_objects = false;
  std::string since;
  std::uint64_t max_commits = 0;
  std::vector<std::string> branches;
  std::string config_from; // read the policy from this revision
  std::string shard;       // I/N: scan one shard of the blobs (git/shard.h)
};

struct InstallHooksOptions {
  std::string repo = ".";
  bool force = false;
};

// `keysift install-hooks` (registered by add_git_commands).
std::vector<Command> add_install_hooks_command(CLI::App& app);

} // namespace keysift::cli
