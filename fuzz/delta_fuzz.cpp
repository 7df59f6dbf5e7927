// Fuzz target: applying a git delta (git/pack_format.h) to a base. The input is a base
// length, the base, then the delta. Invariants: apply_delta succeeds exactly when an
// independent byte-by-byte reading of the delta (below) does, and then produces the same
// bytes, of the declared size; a result too large to build is still walked safely.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "git/pack_format.h"

using namespace keysift;
using namespace keysift::git;

namespace {

// The delta format read the simplest way: sizes, then copy/insert instructions.
bool reference_apply(std::string_view base, std::string_view d, std::string& out) {
  std::size_t at = 0;
  auto size = [&](std::uint64_t& v) {
    v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (at >= d.size() || shift > 63) return false;
      const auto c = static_cast<unsigned char>(d[at++]);
      if (shift == 63 && (c & 0x7e) != 0) return false;
      v |= std::uint64_t{c & 0x7fu} << shift;
      if (!(c & 0x80)) return true;
    }
  };
  std::uint64_t base_size = 0, result_size = 0;
  if (!size(base_size) || !size(result_size) || base_size != base.size()) return false;
  out.clear();
  while (at < d.size()) {
    const auto cmd = static_cast<unsigned char>(d[at++]);
    if (cmd == 0) return false;
    if (!(cmd & 0x80)) {
      if (d.size() - at < cmd) return false;
      out.append(d.substr(at, cmd));
      at += cmd;
    } else {
      std::uint64_t off = 0, len = 0;
      for (unsigned b = 0; b < 7; ++b)
        if (cmd & (1u << b)) {
          if (at >= d.size()) return false;
          const std::uint64_t v = static_cast<unsigned char>(d[at++]);
          if (b < 4)
            off |= v << (8 * b);
          else
            len |= v << (8 * (b - 4));
        }
      if (len == 0) len = 0x10000;
      if (off > base.size() || len > base.size() - off) return false;
      out.append(base.substr(static_cast<std::size_t>(off), static_cast<std::size_t>(len)));
    }
    if (out.size() > result_size) return false;
  }
  return out.size() == result_size;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  const std::string_view rest = choose.rest();
  const std::size_t base_len = std::min<std::size_t>(choose.u16(), rest.size());
  const std::string_view base = rest.substr(0, base_len);
  const std::string_view d = rest.substr(base_len);
  const Bytes delta(reinterpret_cast<const unsigned char*>(d.data()), d.size());
  auto header = parse_delta_header(delta);
  if (!header) return 0;
  if (header->result_size > (1u << 20)) { // walk it without building it
    (void)for_each_delta_op(delta, *header, [](const DeltaOp&) {});
    return 0;
  }
  std::string ours, theirs;
  const bool ok = static_cast<bool>(apply_delta(base, delta, ours));
  const bool ref_ok = reference_apply(base, d, theirs);
  fuzz::check(ok == ref_ok, "apply_delta accepts exactly the valid deltas");
  if (ok) {
    fuzz::check(ours == theirs, "apply_delta builds the reference's bytes");
    fuzz::check(ours.size() == header->result_size, "the result has the declared size");
  }
  return 0;
}
