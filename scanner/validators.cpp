#include "scanner/validators.h"

#include <array>
#include <cstdint>
#include <string>

#include "scanner/decode.h"

namespace keysift::scanner {
namespace {

constexpr std::string_view base62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::uint32_t crc32(std::string_view data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (char ch : data)
    crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

} // namespace

std::string base62_crc32(std::string_view body) {
  std::uint32_t crc = crc32(body);
  std::string out(6, '0');
  for (std::size_t i = 6; i-- > 0 && crc > 0; crc /= 62) out[i] = base62[crc % 62];
  return out; // a CRC32 always fits: 62^6 > 2^32
}

bool base62_crc32_valid(std::string_view secret) {
  if (secret.size() < 36) return false;
  return secret.substr(secret.size() - 6) ==
         base62_crc32(secret.substr(secret.size() - 36, 30));
}

bool jwt_valid(std::string_view secret) {
  const std::size_t dot = secret.find('.');
  if (dot == std::string_view::npos || secret.find('.', dot + 1) == std::string_view::npos)
    return false;
  std::string header;
  if (!base64_decode(secret.substr(0, dot), header)) return false;
  const std::size_t first = header.find_first_not_of(" \t\r\n");
  return first != std::string::npos && header[first] == '{' &&
         header.find("\"alg\"") != std::string::npos;
}

Validator find_validator(std::string_view name) {
  if (name == "base62-crc32") return base62_crc32_valid;
  if (name == "jwt") return jwt_valid;
  return nullptr;
}

} // namespace keysift::scanner
