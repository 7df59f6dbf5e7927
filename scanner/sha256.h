// SHA-256, used for finding fingerprints (a one-way digest of the secret, so a
// fingerprint can be stored in a baseline without storing the secret). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace keysift::scanner {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

} // namespace keysift::scanner
