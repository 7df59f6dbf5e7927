// The bytes of git's pack files: an entry's header (type, inflated size, delta base) and
// a delta's instructions. Pack data is untrusted: every function checks each length and
// never reads outside the span it is given; a malformed entry or delta is an error, never
// a crash. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <git2.h>

#include "rules/status.h"

namespace keysift::git {

enum class PackType : std::uint8_t {
  commit = 1,
  tree = 2,
  blob = 3,
  tag = 4,
  ofs_delta = 6,
  ref_delta = 7,
};

using Bytes = std::span<const unsigned char>;

struct EntryHeader {
  PackType type = PackType::blob;
  std::uint64_t size = 0;        // inflated size: the object's, or the delta's
  std::uint32_t length = 0;      // bytes before the zlib stream (base reference included)
  std::uint64_t base_offset = 0; // ofs_delta: the base's offset in the same pack
  git_oid base_id{};             // ref_delta: the base's object id
};

// The header of the entry at `offset`; `at` holds the pack's bytes from `offset` on.
Result<EntryHeader> parse_entry_header(Bytes at, std::uint64_t offset);

// A delta: the sizes it declares, then copy and insert instructions.
struct DeltaHeader {
  std::uint64_t base_size = 0;
  std::uint64_t result_size = 0;
  std::uint32_t length = 0; // bytes of the two sizes
};
Result<DeltaHeader> parse_delta_header(Bytes delta);

// One instruction: copy `size` bytes of the base from `from`, or insert `size` bytes of
// the delta itself from `from`.
struct DeltaOp {
  bool copy = false;
  std::uint64_t from = 0;
  std::uint64_t size = 0;
};

// Walks a delta's instructions after its header; `on_op` gets each one, checked against
// the declared sizes (a copy inside the base, an insert inside the delta, the total
// equal to result_size). Stops at the first error.
template <class OnOp>
Status for_each_delta_op(Bytes delta, const DeltaHeader& header, OnOp&& on_op);

// Applies `delta` (whose parsed header is `header`) to `base`, writing exactly
// header.result_size bytes at `out`. The base must have the size the delta declares.
Status apply_delta(std::string_view base, Bytes delta, const DeltaHeader& header,
                   char* out);
// The same into a string (resized to the result).
Status apply_delta(std::string_view base, Bytes delta, std::string& out);

// The object's canonical type name ("blob", ...) and git_object_t.
const char* pack_type_name(PackType type);
git_object_t to_git_type(PackType type);

// Reads one instruction at delta[at]; advances `at`. Used by for_each_delta_op.
Status next_delta_op(Bytes delta, std::size_t& at, DeltaOp& op);

template <class OnOp>
Status for_each_delta_op(Bytes delta, const DeltaHeader& header, OnOp&& on_op) {
  std::size_t at = header.length;
  std::uint64_t produced = 0;
  while (at < delta.size()) {
    DeltaOp op;
    if (auto st = next_delta_op(delta, at, op); !st) return st;
    if (op.copy && (op.from > header.base_size || op.size > header.base_size - op.from))
      return Status::error("delta copies past the end of its base");
    if (op.size > header.result_size - produced)
      return Status::error("delta produces more than its declared size");
    produced += op.size;
    on_op(op);
  }
  if (produced != header.result_size)
    return Status::error("delta produces less than its declared size");
  return Status::ok();
}

} // namespace keysift::git
