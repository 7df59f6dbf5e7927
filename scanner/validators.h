// Validators: checks a rule can name (`validate = "…"`) to reject look-alikes of a
// token whose format carries a checksum or a structure. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace keysift::scanner {

using Validator = bool (*)(std::string_view secret);

// The validator of that name, or nullptr if there is none. Names:
//  - "base62-crc32": the token ends in 30 base62 characters and a 6-character base62
//    CRC32 of them (GitHub's ghp_/gho_/ghu_/ghs_/ghr_ tokens and npm_ tokens);
//  - "jwt": three base64url parts whose first decodes to a JSON object with "alg";
//  - "pypi-macaroon": "pypi-" and base64 that decodes to the header of a version 2
//    binary macaroon (location pypi.org, then an identifier field), as PyPI issues them.
Validator find_validator(std::string_view name);

// Exposed for tests and for generating fixtures.
bool base62_crc32_valid(std::string_view secret);
// The 6-character base62 CRC32 that follows `body` in such a token.
std::string base62_crc32(std::string_view body);
bool jwt_valid(std::string_view secret);
bool pypi_macaroon_valid(std::string_view secret);

} // namespace keysift::scanner
