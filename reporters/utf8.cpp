#include "reporters/utf8.h"

namespace keysift::reporters {

namespace {

unsigned byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

bool is_continuation(unsigned byte) {
  return (byte & 0xC0U) == 0x80U;
}

// Table 3-7 of the Unicode standard: the second byte's range depends on the first byte;
// this is what rules out overlong forms, surrogates and values above U+10FFFF.
bool second_byte_ok(unsigned lead, unsigned second) {
  if (lead == 0xE0U) return second >= 0xA0U && second <= 0xBFU;
  if (lead == 0xEDU) return second >= 0x80U && second <= 0x9FU;
  if (lead == 0xF0U) return second >= 0x90U && second <= 0xBFU;
  if (lead == 0xF4U) return second >= 0x80U && second <= 0x8FU;
  return is_continuation(second);
}

std::size_t expected_length(unsigned lead) {
  if (lead < 0x80U) return 1;
  if (lead >= 0xC2U && lead <= 0xDFU) return 2;
  if (lead >= 0xE0U && lead <= 0xEFU) return 3;
  if (lead >= 0xF0U && lead <= 0xF4U) return 4;
  return 0;
}

} // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  const unsigned lead = byte_at(text, pos);
  const std::size_t len = expected_length(lead);
  if (len <= 1) return len;
  if (text.size() - pos < len) return 0;
  if (!second_byte_ok(lead, byte_at(text, pos + 1))) return 0;
  for (std::size_t i = 2; i < len; ++i) {
    if (!is_continuation(byte_at(text, pos + i))) return 0;
  }
  return len;
}

std::size_t utf8_step(std::string_view text, std::size_t pos) {
  const std::size_t len = utf8_sequence_length(text, pos);
  return len == 0 ? 1 : len;
}

char32_t utf8_decode(std::string_view text, std::size_t pos, std::size_t len) {
  unsigned value = byte_at(text, pos);
  if (len == 2) value &= 0x1FU;
  if (len == 3) value &= 0x0FU;
  if (len == 4) value &= 0x07U;
  for (std::size_t i = 1; i < len; ++i)
    value = (value << 6U) | (byte_at(text, pos + i) & 0x3FU);
  return static_cast<char32_t>(value);
}

} // namespace keysift::reporters
