#include "codec/decode.h"

#include <cctype>
#include <cstdint>
#include <string>

#include <doctest/doctest.h>

using namespace keysift::codec;

TEST_CASE("base64, base64url, hex and percent decoding") {
  std::string out;
  CHECK(base64_decode("aGVsbG8gd29ybGQ=", out));
  CHECK(out == "hello world");
  CHECK(base64_decode("aGVsbG8gd29ybGQ", out)); // unpadded
  CHECK(out == "hello world");
  CHECK(base64_decode("_-8", out)); // url-safe
  CHECK(out == "\xff\xef");
  CHECK_FALSE(base64_decode("a!bc", out));
  // One character past a group of four carries 6 bits, less than a byte: not base64.
  CHECK_FALSE(base64_decode("aGVsb", out));
  CHECK_FALSE(base64_decode("aGVsb===", out));
  CHECK(base64_decode("aGVsbA", out));
  CHECK(out == "hell");
  CHECK(hex_decode("6869", out));
  CHECK(out == "hi");
  CHECK_FALSE(hex_decode("686", out));
  CHECK(percent_decode("a%40b%2Fc", out));
  CHECK(out == "a@b/c");
  CHECK_FALSE(percent_decode("plain", out));
}

TEST_CASE("encoded runs that decode to text are found, binary ones are not") {
  // "token=ghp_ABCDEFGHIJKLMNOP" in base64, hex and percent forms.
  const std::string text = "a: dG9rZW49Z2hwX0FCQ0RFRkdISUpLTE1OT1A=\n"
                           "b: 746f6b656e3d6768705f4142434445464748494a4b4c4d4e4f50\n"
                           "c: https%3A%2F%2Fuser%3Apass%40host.example%2Fpath\n"
                           "d: 9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a\n"
                           "e: some_identifier_name_that_is_long\n";
  auto runs = find_encoded(text);
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].encoding == Encoding::percent);
  CHECK(runs[0].decoded == "https://user:pass@host.example/path");
  CHECK(runs[1].encoding == Encoding::base64);
  CHECK(runs[1].decoded == "token=ghp_ABCDEFGHIJKLMNOP");
  CHECK(text.substr(runs[1].offset, runs[1].size) ==
        "dG9rZW49Z2hwX0FCQ0RFRkdISUpLTE1OT1A=");
  CHECK(runs[2].encoding == Encoding::hex);
  CHECK(runs[2].decoded == "token=ghp_ABCDEFGHIJKLMNOP");
}

TEST_CASE("the 64-byte block scan finds exactly the runs a byte-by-byte scan finds") {
  // Random text of words, spaces and base64 of printable text, runs crossing blocks.
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  const std::string b64 = "dG9rZW49Z2hwX0FCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla";
  std::string text;
  while (text.size() < 20000) {
    const auto r = next() % 10;
    if (r == 0)
      text += b64.substr(0, 24 + next() % 20);
    else if (r == 1)
      text += std::string(next() % 90, 'A') + "b1";
    else
      text += "word_" + std::to_string(next() % 1000);
    text += (next() % 3 == 0) ? "\n" : " ";
  }
  std::vector<std::size_t> expected;
  for (std::size_t i = 0; i < text.size();) { // maximal runs, each checked on its own
    std::size_t j = i;
    while (j < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[j])) ||
            std::string_view("+/=-_").find(text[j]) != std::string_view::npos))
      ++j;
    if (j > i) {
      for (const auto& run : find_encoded(" " + text.substr(i, j - i) + " "))
        expected.push_back(i + run.offset - 1);
      i = j;
    } else {
      ++i;
    }
  }
  std::vector<std::size_t> got;
  for (const auto& run : find_encoded(text)) got.push_back(run.offset);
  CHECK(!expected.empty());
  CHECK(got == expected);
}

TEST_CASE("the base64 class mask agrees with the alphabet on every byte value") {
  std::string block(64, '\0');
  for (int start = 0; start < 256; start += 64) {
    for (int k = 0; k < 64; ++k)
      block[static_cast<std::size_t>(k)] = static_cast<char>(start + k);
    const std::uint64_t mask = base64_class_mask(block.data());
    for (int k = 0; k < 64; ++k) {
      const int c = start + k;
      const bool member = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' ||
                          c == '_' || c == '=';
      CHECK_MESSAGE(((mask >> k) & 1u) == (member ? 1u : 0u), "byte " << c);
    }
  }
}
