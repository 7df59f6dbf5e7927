// Shannon entropy of a byte string, in bits per byte (0..8). Pure; thread-safe.
#pragma once

#include <string_view>

namespace keysift::scanner {

double shannon_entropy(std::string_view bytes);

} // namespace keysift::scanner
