// The man page keysift(1), generated from the command model (the CLI11 definitions that
// --help prints: one section per subcommand, its options and arguments) and the prose of
// cli/keysift.1.in (exit status, configuration, environment, examples), which the build
// embeds. Printed by `keysift man`, installed by `cmake --install`. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "cli/command_model.h"

namespace keysift::cli {

// The page: `manual_template` with @VERSION@ and @COMMANDS@ filled in.
std::string man_page(const CommandModel& root, std::string_view manual_template,
                     std::string_view version);

// `text` safe as roff running text: backslashes escaped, hyphens as \-, and a leading
// '.' or '\'' kept from being read as a request.
std::string roff_escape(std::string_view text);

} // namespace keysift::cli
