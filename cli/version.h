// `keysift --version`: what a bug report needs to reproduce a run — keysift's version,
// the built-in rule pack (id and rule count), and the versions of the libraries that
// decide what is found and read (Hyperscan, RE2, libgit2, libarchive, zlib, zstd).
// Thread-safe (reads static data).
#pragma once

#include <string>

namespace keysift::cli {

// Several lines, the first "keysift X.Y.Z"; no trailing newline (CLI11 adds one).
std::string version_text();

} // namespace keysift::cli
