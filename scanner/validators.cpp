#include "scanner/validators.h"

#include <array>
#include <cstdint>
#include <string>

#include "codec/decode.h"

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

// Reads a macaroon field: a varint type and, unless the type is 0 (end of section), a
// varint length and that many bytes.
struct Field {
  std::uint64_t type = 0;
  std::string_view data;
};

bool read_varint(std::string_view& in, std::uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 63 && !in.empty(); shift += 7) {
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    out |= std::uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

bool read_field(std::string_view& in, Field& f) {
  if (!read_varint(in, f.type)) return false;
  if (f.type == 0) return true;
  std::uint64_t len = 0;
  if (!read_varint(in, len) || len > in.size()) return false;
  f.data = in.substr(0, static_cast<std::size_t>(len));
  in.remove_prefix(static_cast<std::size_t>(len));
  return true;
}

} // namespace

// Only the macaroon's header is checked: a real token that was cut short or edited
// further on (to defuse it, or by a log) still leaks the account, while a look-alike
// (the public prefix and random characters) fails at its first field.
bool pypi_macaroon_valid(std::string_view secret) {
  constexpr std::string_view prefix = "pypi-";
  if (secret.substr(0, prefix.size()) != prefix) return false;
  std::string bytes;
  if (!codec::base64_decode(secret.substr(prefix.size()), bytes) || bytes.empty() ||
      bytes[0] != 2)
    return false; // macaroon binary format version 2
  std::string_view in(bytes);
  in.remove_prefix(1);
  Field location, identifier;
  return read_field(in, location) && location.type == 1 && location.data == "pypi.org" &&
         read_field(in, identifier) && identifier.type == 2 && !identifier.data.empty();
}

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
  if (!codec::base64_decode(secret.substr(0, dot), header)) return false;
  const std::size_t first = header.find_first_not_of(" \t\r\n");
  return first != std::string::npos && header[first] == '{' &&
         header.find("\"alg\"") != std::string::npos;
}

Validator find_validator(std::string_view name) {
  if (name == "base62-crc32") return base62_crc32_valid;
  if (name == "jwt") return jwt_valid;
  if (name == "pypi-macaroon") return pypi_macaroon_valid;
  return nullptr;
}

} // namespace keysift::scanner
