// Loading the rules a run uses: the built-in pack, plus a --config file or a
// discovered .keysift.toml. Errors are returned, never printed here.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "rules/status.h"
#include "scanner/compiled_rules.h"
#include "scanner/db_cache.h"

namespace keysift::cli {

// The config file to use: `explicit_path` if given; else `.keysift.toml` in the first
// directory among `paths`, or in the current directory. Empty when there is none.
std::string find_config(const std::string& explicit_path,
                        const std::vector<std::string>& paths);

// The project root a scan of `paths` reads its config from: the first directory among
// them, else the current directory.
std::string project_root(const std::vector<std::string>& paths);

// The built-in pack with the config at `config_path` (if non-empty; either format)
// applied (policy/effective_config.h).
Result<rules::RuleSet> load_rule_set(const std::string& config_path);

// Compiled with the database cache db_cache_dir() names.
Result<std::shared_ptr<const scanner::CompiledRules>> compile_rule_set(rules::RuleSet set);

// The database cache directory the environment chooses: $KEYSIFT_CACHE_DIR, else
// $XDG_CACHE_HOME/keysift, else ~/.cache/keysift; "" when db_cache_off() or no
// directory can be named (the built-in databases are still used then). The library
// never reads the environment: this is where its settings come from.
std::string db_cache_dir();

// KEYSIFT_NO_DB_CACHE is set to anything but 0: no cache directory and no built-in
// databases (every run compiles).
bool db_cache_off();

// Hands the database cache its settings from the environment: the built-in entries
// `seed` (unless db_cache_off()) and KEYSIFT_DB_TARGET=generic, which makes this run use
// (or compile) the databases for the generic x86-64 platform, as a binary on another CPU
// than the build machine's does (tests and bench/db_target_bench.sh). Call once, before
// any rule is compiled.
void set_up_db_cache(std::span<const scanner::CacheSeed> seed);

// The contexts exempt from the gate: the command line's if it named any, else the
// config's ([gate] exempt_contexts).
std::vector<std::string> exempt_contexts(const std::vector<std::string>& from_flag,
                                         const std::vector<std::string>& from_config);

} // namespace keysift::cli
