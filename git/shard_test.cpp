#include "git/shard.h"

#include <array>

#include <doctest/doctest.h>

using namespace keysift;

TEST_CASE("parse_shard takes I/N with I counted from 0 and below N") {
  auto s = git::parse_shard("2/5");
  REQUIRE(s.is_ok());
  CHECK(s->index == 2);
  CHECK(s->count == 5);
  CHECK(git::parse_shard("0/1")->whole());
  CHECK(git::parse_shard("4095/4096").is_ok());
  for (const char* bad :
       {"0/0", "3/2", "2/2", "x/y", "", "/", "1/", "/3", "-1/3", "+1/3", " 1/3", "1/3 ",
        "1/2/3", "0/4097", "0/99999999999999999999", "0x1/3"}) {
    CAPTURE(bad);
    auto r = git::parse_shard(bad);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.error().rfind("--shard", 0) == 0);
  }
}

TEST_CASE("every blob falls to exactly one shard, by its id's first four bytes") {
  std::array<unsigned char, 20> id{};
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 4096u}) {
    for (std::uint32_t v = 0; v < 5000; ++v) {
      const std::uint32_t prefix = v * 2654435761u; // spread over the 32 bits
      id[0] = static_cast<unsigned char>(prefix >> 24);
      id[1] = static_cast<unsigned char>(prefix >> 16);
      id[2] = static_cast<unsigned char>(prefix >> 8);
      id[3] = static_cast<unsigned char>(prefix);
      id[4] = static_cast<unsigned char>(v); // later bytes do not matter
      int owners = 0;
      for (std::uint32_t i = 0; i < n; ++i) owners += git::Shard{i, n}.holds(id.data());
      CHECK(owners == 1);
      CHECK(git::Shard{prefix % n, n}.holds(id.data()));
    }
  }
}
