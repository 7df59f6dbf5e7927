// `keysift completions SHELL` and `keysift man`: the shell completions and the man page,
// generated from the parser's own definitions (cli/command_model.h) so that they always
// match --help. The build runs both to produce the files `cmake --install` installs.
#pragma once

#include <string_view>

#include "cli/commands.h"

namespace keysift::cli {

// Registers both commands; they describe `app` as it is when they run (fully defined).
std::vector<Command> add_meta_commands(CLI::App& app);

// The embedded prose of the man page (cli/keysift.1.in, by its file name).
std::string_view manual_text(std::string_view name);

} // namespace keysift::cli
