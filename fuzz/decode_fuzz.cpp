// Fuzz target: the decoder (codec/decode.h) that finds base64, hex and percent-encoded
// runs in every whole input and decodes them. Invariants: runs lie inside the text, in
// order, without overlap, and decode (with the plain decoders) to the text they report;
// the vectorised base64 class mask equals a scalar reference.
#include <cstdint>
#include <string>
#include <string_view>

#include "codec/decode.h"
#include "fuzz/fuzz_support.h"

using namespace keysift;

namespace {

bool base64_class(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
}

void check_mask(std::string_view text) {
  for (std::size_t at = 0; at + 64 <= text.size(); at += 64) {
    std::uint64_t want = 0;
    for (std::size_t k = 0; k < 64; ++k)
      if (base64_class(text[at + k])) want |= std::uint64_t{1} << k;
    fuzz::check(codec::base64_class_mask(text.data() + at) == want,
                "base64_class_mask agrees with the scalar test");
  }
}

bool decode_as(codec::Encoding e, std::string_view in, std::string& out) {
  switch (e) {
  case codec::Encoding::base64:
    return codec::base64_decode(in, out);
  case codec::Encoding::hex:
    return codec::hex_decode(in, out);
  case codec::Encoding::percent:
    return codec::percent_decode(in, out);
  }
  return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  const std::size_t min_decoded = 1 + choose.byte() % 32;
  const std::size_t max_runs = 1 + choose.byte() % 64;
  const std::string_view text = choose.rest();
  check_mask(text);
  std::string out;
  codec::base64_decode(text, out);
  codec::hex_decode(text, out);
  codec::percent_decode(text, out);
  const auto runs = codec::find_encoded(text, min_decoded, max_runs);
  fuzz::check(runs.size() <= max_runs, "at most max_runs runs");
  for (const auto& r : runs) {
    fuzz::check(r.size > 0 && r.offset + r.size <= text.size(), "runs lie in the text");
    fuzz::check(r.decoded.size() >= min_decoded, "a run decodes to min_decoded bytes");
    std::string again;
    fuzz::check(decode_as(r.encoding, text.substr(r.offset, r.size), again) &&
                    again == r.decoded,
                "a run's decoded text is what its encoding decodes to");
  }
  return 0;
}
