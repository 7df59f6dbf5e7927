// Test support for the scanner's unit tests (not part of keysift_scanner): rules given as
// TOML text, compiled. The calling test fails with the loader's or the compiler's message
// when they do not compile.
#pragma once

#include <memory>
#include <string>

#include "scanner/compiled_rules.h"

namespace keysift::scanner::testing {

// Compiled with the disk cache in $KEYSIFT_CACHE_DIR (ctest sets it), as keysift would.
std::shared_ptr<const CompiledRules> compile_rules_text(const std::string& toml);

// $KEYSIFT_CACHE_DIR, or "" when unset.
std::string cache_dir();

// Two demo rules as TOML: a line-local token with \b at both ends ("demo-token",
// dmo_ + 20 characters) and a multi-line block with a literal start ("demo-block").
extern const char* const demo_rules;

} // namespace keysift::scanner::testing
