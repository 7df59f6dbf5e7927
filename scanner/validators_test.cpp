#include "scanner/validators.h"

#include <cstdint>
#include <string>

#include <doctest/doctest.h>

using namespace keysift::scanner;

TEST_CASE("base62 CRC32 checksums (GitHub and npm token formats)") {
  // 30 characters and the base62 CRC32 of them (a published test vector).
  CHECK(base62_crc32_valid("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"));
  CHECK(base62_crc32_valid("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"));
  CHECK_FALSE(base62_crc32_valid("ghp_fIkRGaBu5PeKsznMzXQOg3kETH1Sgx2oIfSD"));
  CHECK_FALSE(base62_crc32_valid("ghp_fIkRGaBu5PeKsznMzXQOg3kETH1Sgy2oIfSC"));
  CHECK_FALSE(base62_crc32_valid("short"));
  CHECK(find_validator("base62-crc32")("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"));
  const bool unknown = find_validator("nope") == nullptr;
  CHECK(unknown);
}

TEST_CASE("JWT structure") {
  // {"alg":"HS256","typ":"JWT"} . {"sub":"1"} . signature
  CHECK(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"));
  CHECK_FALSE(jwt_valid("eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxIn0.c2ln")); // no alg
  CHECK_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiJ9"));                      // one part
}

namespace {

std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : bytes) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) out += alphabet[(acc >> (bits -= 6)) & 63];
  }
  if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
  return out;
}

std::string field(int type, std::string_view data) {
  std::string f(1, static_cast<char>(type));
  f += static_cast<char>(data.size()); // lengths below 128: one varint byte
  f += data;
  return f;
}

// A macaroon as PyPI issues them: location, identifier, one caveat, a signature.
std::string macaroon(std::size_t signature_size = 32) {
  std::string m(1, '\2');
  m += field(1, "pypi.org") + field(2, "0d6a1c4e-5f3b-4a2e-9c7d-2b8e1f0a3c5d") + '\0';
  m += field(2, R"({"permissions": "user", "version": 1})") + '\0';
  m += '\0';
  m += field(6, std::string(signature_size, '\x5a'));
  return m;
}

} // namespace

TEST_CASE("pypi-macaroon: the binary header of a PyPI token, not just its prefix") {
  const std::string token = "pypi-" + base64url(macaroon());
  REQUIRE(token.rfind("pypi-AgEIcHlwaS5vcmc", 0) == 0);
  CHECK(pypi_macaroon_valid(token));
  const bool named = find_validator("pypi-macaroon") == &pypi_macaroon_valid;
  CHECK(named);
  // A real token cut short or edited after its header still leaks: reported.
  CHECK(pypi_macaroon_valid(token.substr(0, token.size() - 4)));
  CHECK(pypi_macaroon_valid("pypi-" + base64url(macaroon(31))));
  CHECK_FALSE(pypi_macaroon_valid(token.substr(5))); // no prefix
  // The public prefix followed by anything else: a look-alike.
  CHECK_FALSE(pypi_macaroon_valid(
      "pypi-"
      "AgEIcHlwaS5vcmcQ2xhdWRlIHdyb3RlIHRoaXMgYXMgYSBsb29rLWFsaWtlIHRva2VuIGZvciB0ZXN0cw"));
  CHECK_FALSE(pypi_macaroon_valid(
      "pypi-AgEIcHlwaS5vcmcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"));
  std::string no_identifier(1, '\2');
  no_identifier += field(1, "pypi.org") + '\0' + '\0' + field(6, std::string(32, 'x'));
  CHECK_FALSE(pypi_macaroon_valid("pypi-" + base64url(no_identifier)));
}
