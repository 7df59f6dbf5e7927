// Shell completion scripts for bash, zsh and fish, generated from the command model
// (cli/command_model.h), i.e. from the same CLI11 definitions as --help. Installed by
// `cmake --install` and printed by `keysift completions SHELL`. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "cli/command_model.h"

namespace keysift::cli {

std::string bash_completion(const CommandModel& root);
std::string zsh_completion(const CommandModel& root);
std::string fish_completion(const CommandModel& root);

// The script for `shell` ("bash", "zsh", "fish"), or empty for another name.
std::string completion_for(std::string_view shell, const CommandModel& root);

} // namespace keysift::cli
