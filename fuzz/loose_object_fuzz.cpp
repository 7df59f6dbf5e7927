// Fuzz target: a loose object file (git/loose_object.h), the reader keysift gives
// libgit2 in place of its own, which trusted the size a header claims. The input's
// first byte chooses whether the rest is the file itself or is zlib-compressed first
// (so that the header and size checks are reached). Invariants: a read object holds
// exactly the bytes it claims, within the limit; the header read alone agrees with the
// whole read; a compressed, well-formed object within the limit is always read, and
// its content is what follows its header.
#include <cstdint>
#include <string>
#include <string_view>

#include <zlib.h>

#include "fuzz/fuzz_support.h"
#include "git/loose_object.h"

using namespace keysift;
using namespace keysift::git;

namespace {

constexpr std::uint64_t limit = 1u << 20;

std::string deflated(std::string_view raw) {
  uLongf n = compressBound(static_cast<uLong>(raw.size()));
  std::string out(n, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &n,
                           reinterpret_cast<const Bytef*>(raw.data()),
                           static_cast<uLong>(raw.size()), 1);
  fuzz::check(rc == Z_OK, "zlib compresses the input");
  out.resize(n);
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  const bool compress = choose.byte() & 1;
  const std::string_view rest = choose.rest();
  const std::string file = compress ? deflated(rest) : std::string(rest);
  std::string placed;
  std::size_t asked = 0;
  auto got = inflate_loose(file, "fuzz", limit, [&](PackType, std::size_t n) {
    asked = n;
    placed.assign(n, '\0');
    return placed.data();
  });
  auto head = loose_header(file, "fuzz");
  if (got) {
    fuzz::check(got->size <= limit, "a read object is within the limit");
    fuzz::check(got->size == asked, "a read object asked for exactly its size");
    fuzz::check(head && head->type == got->type && head->size == got->size,
                "the header read alone agrees with the whole read");
  }
  PackType type{};
  std::uint64_t claimed = 0;
  std::size_t length = 0;
  if (compress && parse_loose_header(rest, type, claimed, length) &&
      claimed == rest.size() - length && claimed <= limit) {
    fuzz::check(got.is_ok(), "a well-formed object is read");
    fuzz::check(got->type == type, "its type is the header's");
    fuzz::check(placed == rest.substr(length), "its content is what follows the header");
  }
  return 0;
}
