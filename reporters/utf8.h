// UTF-8 helpers shared by the reporters (internal to reporters/). Pure functions;
// thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace keysift::reporters {

// Length in bytes of the well-formed UTF-8 sequence starting at text[pos] (1 to 4), or 0
// when the bytes there are not one (a stray continuation byte, a truncated or overlong
// sequence, a surrogate, a code point above U+10FFFF). Requires pos < text.size().
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos);

// Length of the "character" at text[pos]: the well-formed sequence there, or 1 for a byte
// that does not start one. Stepping by this never cuts a valid sequence in two.
std::size_t utf8_step(std::string_view text, std::size_t pos);

// The code point of the well-formed sequence text[pos, pos + len).
char32_t utf8_decode(std::string_view text, std::size_t pos, std::size_t len);

} // namespace keysift::reporters
