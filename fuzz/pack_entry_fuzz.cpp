// Fuzz target: a pack entry (git/pack_format.h, git/inflate.h): its header (type,
// size, delta base) and its zlib data, inflated by libdeflate and, for comparison, by
// zlib. Invariants: a header lies inside the bytes given and an ofs_delta's base before
// the entry; when both inflaters accept the data they agree on every byte and on where
// the stream ends; a delta that inflates has ops that add up to its declared size.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "git/inflate.h"
#include "git/pack_format.h"

using namespace keysift;
using namespace keysift::git;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  const std::uint64_t offset = 12 + choose.u16(); // where the entry claims to sit
  const std::string_view rest = choose.rest();
  const Bytes bytes(reinterpret_cast<const unsigned char*>(rest.data()), rest.size());
  auto h = parse_entry_header(bytes, offset);
  if (!h) return 0;
  fuzz::check(h->length > 0 && h->length <= bytes.size(), "the header lies in the bytes");
  if (h->type == PackType::ofs_delta)
    fuzz::check(h->base_offset < offset, "an ofs_delta's base comes before it");
  if (h->size > (1u << 20)) return 0; // the reader's limit, far lower here
  const auto n = static_cast<std::size_t>(h->size);
  const Bytes stream = bytes.subspan(h->length);
  std::string fast(n, '\0'), slow(n, '\0');
  std::size_t fast_used = 0, slow_used = 0;
  static Inflater inflater;
  const Status a = inflater.inflate(stream, fast.data(), n, fast_used);
  const Status b = zlib_inflate(stream, slow.data(), n, slow_used);
  if (a) fuzz::check(fast_used <= stream.size(), "libdeflate stays inside the input");
  if (a && b) {
    fuzz::check(fast == slow, "libdeflate and zlib inflate the same bytes");
    fuzz::check(fast_used == slow_used, "libdeflate and zlib end the stream at one place");
  }
  if (!a || (h->type != PackType::ofs_delta && h->type != PackType::ref_delta)) return 0;
  const Bytes delta(reinterpret_cast<const unsigned char*>(fast.data()), fast.size());
  auto dh = parse_delta_header(delta);
  if (!dh) return 0;
  std::uint64_t total = 0;
  if (for_each_delta_op(delta, *dh, [&](const DeltaOp& op) { total += op.size; }))
    fuzz::check(total == dh->result_size, "a delta's ops add up to its declared size");
  return 0;
}
