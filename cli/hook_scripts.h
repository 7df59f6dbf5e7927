// The hook scripts of hooks/, embedded into the binary at build time
// (cli/embed_hooks.cmake) so `keysift install-hooks` works without the source tree.
// Thread-safe (static data).
#pragma once

#include <string_view>

namespace keysift::cli {

// The script named `name` ("pre-commit", "pre-push"), or empty if there is none.
std::string_view hook_script(std::string_view name);

} // namespace keysift::cli
