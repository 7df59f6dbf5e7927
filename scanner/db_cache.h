// A disk cache of compiled Hyperscan databases, so a short run (a pre-commit check) does
// not pay the compile on every start. An entry is keyed by a SHA-256 of everything the
// database depends on: each expression, its flags and id, the mode, Hyperscan's version
// and the CPU platform Hyperscan tunes for. The caller names the directory (cli/ chooses
// it: $KEYSIFT_CACHE_DIR, else $XDG_CACHE_HOME/keysift, else ~/.cache/keysift;
// KEYSIFT_NO_DB_CACHE=1 turns it off).
//
// The cache can only make a run faster, never different or broken: an entry is used only
// when its header, length, key and CRC-32 checksum all match and Hyperscan accepts it;
// anything else (missing, corrupt, truncated, unwritable directory) silently falls back
// to compiling. Entries are written to a temporary file and renamed, so concurrent runs
// never see a partial entry; a store keeps only the newest db_cache_entries entries.
// Thread-safe (no shared state but the seed, set once before any lookup).
//
// The seed: entries built into the binary (the build tool cli/seed/seedgen.cpp runs the
// same lookups with an empty cache directory and embeds what they stored: the built-in
// pack's databases for the build machine's CPU and for the generic x86-64 platform, and
// the rule analyses). A lookup reads the seed first, by entry name, then the directory; the
// seed is never written. An entry that does not fit this run (other rules) has another
// key, so it is simply never named. On another CPU than the build machine's, the seed's
// generic database is used (any CPU loads it; Hyperscan's run time still picks the CPU's
// fastest code), so the binary starts without compiling. Without a directory (no HOME)
// the seed is still read. KEYSIFT_NO_DB_CACHE=1 turns off the directory and the seed
// (cli does not install the seed then).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"
#include "scanner/hs_handles.h"

namespace keysift::scanner {

struct DbSpec {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  unsigned mode = 0;
  // Anything else the caller checked along with the expressions (a changed one must not
  // reuse an entry); part of the key.
  std::string salt;
};

// The largest rule analysis file a lookup reads.
inline constexpr std::uintmax_t max_analysis_size = std::uintmax_t{16} << 20;

// How many entries a cache directory keeps (the most recently written).
inline constexpr std::size_t db_cache_entries = 16;

// An entry built into the binary: its file name in a cache directory, and its bytes.
struct CacheSeed {
  std::string_view name;
  std::string_view bytes;
};

// Installs the seed (static storage; call once, before any lookup).
void set_cache_seed(std::span<const CacheSeed> entries);

// Which platform a database is compiled for when no entry has it: this machine's (the
// default), or the generic x86-64 one (cli/seed/seedgen.cpp, to build the seed's
// portable entries; KEYSIFT_DB_TARGET=generic, to test them). Call before any lookup.
enum class DbTarget { host, generic };
void set_db_target(DbTarget target);

// A cache entry's bytes by file name: the seed's, else `dir`'s file (at most `max_size`
// bytes) when `dir` is not empty; nullopt when neither has it.
struct CacheEntry {
  std::string file;      // read from the directory
  std::string_view seed; // or built in (when `from_seed`)
  bool from_seed = false;
  std::string_view bytes() const { return from_seed ? seed : std::string_view(file); }
};
std::optional<CacheEntry> read_cache_entry(const std::string& dir, const std::string& name,
                                           std::uintmax_t max_size);

// Writes `bytes` as `dir`/`name` through a temporary file and a rename (nothing when
// `dir` is empty or unwritable), then prunes the directory.
void store_cache_entry(const std::string& dir, const std::string& name,
                       std::string_view bytes);

// The key of `spec` alone (hex SHA-256), for what does not depend on the CPU: the rule
// analyses.
std::string cache_key(const DbSpec& spec);

// The key of `spec`'s database compiled for `platform`.
std::string db_cache_key(const DbSpec& spec, const hs_platform_info_t& platform);

// Compiles `spec`'s database for a platform (nullptr: this machine, untuned).
using DbCompile = std::function<Result<HsDatabase>(const hs_platform_info_t*)>;

// The database for `spec`: from the seed or `dir` when an entry matches, else
// `compile()`'s, stored in `dir` for next time. An empty `dir` reads only the seed.
Result<HsDatabase> cached_database(const std::string& dir, const DbSpec& spec,
                                   const DbCompile& compile);

} // namespace keysift::scanner
