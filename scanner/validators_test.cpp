#include "scanner/validators.h"

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
