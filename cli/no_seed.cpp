// The seed of the binary that makes the seed (cli/make_seed.cmake): none.
#include "cli/cache_seed.h"

namespace keysift::cli {

std::span<const scanner::CacheSeed> cache_seed() {
  return {};
}

} // namespace keysift::cli
