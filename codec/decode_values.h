// The value of a base64, base64url or hex character: shared by the decoders
// (codec/decode.cpp) and the run finder (codec/encoded_runs.cpp), inline so that both
// keep their per-byte loops tight. Internal to codec/; pure, thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace keysift::codec::detail {

// Value of a base64 or base64url character, -1 for any other byte.
inline constexpr std::array<std::int8_t, 256> b64_values = [] {
  std::array<std::int8_t, 256> t{};
  t.fill(-1);
  for (std::size_t c = 0; c < 26; ++c) {
    t['A' + c] = static_cast<std::int8_t>(c);
    t['a' + c] = static_cast<std::int8_t>(c + 26);
  }
  for (std::size_t c = 0; c < 10; ++c) t['0' + c] = static_cast<std::int8_t>(c + 52);
  t['+'] = t['-'] = 62;
  t['/'] = t['_'] = 63;
  return t;
}();

inline int b64_value(char c) {
  return b64_values[static_cast<unsigned char>(c)];
}

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace keysift::codec::detail
