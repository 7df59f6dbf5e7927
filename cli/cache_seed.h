// The cache entries built into the keysift binary (scanner/db_cache.h, "the seed"):
// cache_seed.cpp, generated at build time by the build tool cli/seed/seedgen.cpp.
// Static data; thread-safe.
#pragma once

#include <span>

#include "scanner/db_cache.h"

namespace keysift::cli {

std::span<const scanner::CacheSeed> cache_seed();

} // namespace keysift::cli
