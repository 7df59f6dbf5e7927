#include "git/pack_format.h"

#include <cstring>

namespace keysift::git {
namespace {

// A little-endian base-128 size (the delta header's), at most 64 bits.
bool read_size(Bytes in, std::size_t& at, std::uint64_t& value) {
  value = 0;
  for (unsigned shift = 0; at < in.size(); shift += 7) {
    const unsigned char c = in[at++];
    if (shift > 63 || (shift == 63 && (c & 0x7e) != 0)) return false; // over 64 bits
    value |= std::uint64_t{c & 0x7fu} << shift;
    if ((c & 0x80) == 0) return true;
  }
  return false;
}

// The offset of an ofs_delta's base, counted back from the entry: big-endian base-128
// where each continuation adds one (so that every offset has one encoding).
bool read_base_distance(Bytes in, std::size_t& at, std::uint64_t& distance) {
  if (at >= in.size()) return false;
  unsigned char c = in[at++];
  distance = c & 0x7fu;
  while ((c & 0x80) != 0) {
    if (at >= in.size() || distance > (UINT64_MAX >> 7) - 1) return false;
    c = in[at++];
    distance = ((distance + 1) << 7) | (c & 0x7fu);
  }
  return true;
}

} // namespace

Result<EntryHeader> parse_entry_header(Bytes at, std::uint64_t offset) {
  if (at.empty()) return Status::error("truncated entry header");
  EntryHeader h;
  std::size_t i = 0;
  unsigned char c = at[i++];
  const unsigned type = (c >> 4) & 7u;
  std::uint64_t size = c & 15u;
  for (unsigned shift = 4; (c & 0x80) != 0; shift += 7) {
    if (i >= at.size()) return Status::error("truncated entry header");
    c = at[i++];
    const std::uint64_t bits = c & 0x7fu;
    if (shift >= 64 || (shift > 57 && (bits >> (64 - shift)) != 0))
      return Status::error("entry size does not fit 64 bits");
    size |= bits << shift;
  }
  if (type == 0 || type == 5)
    return Status::error("unknown object type " + std::to_string(type));
  h.type = static_cast<PackType>(type);
  h.size = size;
  if (h.type == PackType::ofs_delta) {
    std::uint64_t distance = 0;
    if (!read_base_distance(at, i, distance))
      return Status::error("truncated or oversized delta base offset");
    if (distance == 0 || distance > offset)
      return Status::error("delta base offset points outside the pack");
    h.base_offset = offset - distance;
  } else if (h.type == PackType::ref_delta) {
    if (at.size() - i < GIT_OID_RAWSZ) return Status::error("truncated delta base id");
    std::memcpy(h.base_id.id, at.data() + i, GIT_OID_RAWSZ);
    i += GIT_OID_RAWSZ;
  }
  h.length = static_cast<std::uint32_t>(i);
  return h;
}

Result<DeltaHeader> parse_delta_header(Bytes delta) {
  DeltaHeader h;
  std::size_t at = 0;
  if (!read_size(delta, at, h.base_size) || !read_size(delta, at, h.result_size))
    return Status::error("truncated delta header");
  h.length = static_cast<std::uint32_t>(at);
  return h;
}

Status next_delta_op(Bytes delta, std::size_t& at, DeltaOp& op) {
  const unsigned char cmd = delta[at++];
  if ((cmd & 0x80) == 0) {
    if (cmd == 0) return Status::error("delta has a reserved instruction (0)");
    if (delta.size() - at < cmd) return Status::error("delta insert runs past its end");
    op = {false, at, cmd};
    at += cmd;
    return Status::ok();
  }
  std::uint64_t from = 0, size = 0;
  for (unsigned bit = 0; bit < 7; ++bit) {
    if ((cmd & (1u << bit)) == 0) continue;
    if (at >= delta.size()) return Status::error("truncated delta copy");
    const std::uint64_t byte = delta[at++];
    if (bit < 4)
      from |= byte << (8 * bit);
    else
      size |= byte << (8 * (bit - 4));
  }
  op = {true, from, size == 0 ? 0x10000 : size};
  return Status::ok();
}

Status apply_delta(std::string_view base, Bytes delta, const DeltaHeader& header,
                   char* out) {
  if (header.base_size != base.size())
    return Status::error("delta base has " + std::to_string(base.size()) +
                         " bytes, the delta expects " + std::to_string(header.base_size));
  const auto* src = reinterpret_cast<const char*>(delta.data());
  return for_each_delta_op(delta, header, [&](const DeltaOp& op) {
    const auto n = static_cast<std::size_t>(op.size);
    std::memcpy(out, op.copy ? base.data() + op.from : src + op.from, n);
    out += n;
  });
}

Status apply_delta(std::string_view base, Bytes delta, std::string& out) {
  auto header = parse_delta_header(delta);
  if (!header) return header.status();
  if (header->base_size != base.size() || header->result_size > (1ull << 32))
    return Status::error("delta does not fit its base, or is too large");
  out.resize(static_cast<std::size_t>(header->result_size));
  return apply_delta(base, delta, *header, out.data());
}

const char* pack_type_name(PackType type) {
  switch (type) {
  case PackType::commit:
    return "commit";
  case PackType::tree:
    return "tree";
  case PackType::blob:
    return "blob";
  case PackType::tag:
    return "tag";
  case PackType::ofs_delta:
    return "ofs-delta";
  case PackType::ref_delta:
    return "ref-delta";
  }
  return "?";
}

git_object_t to_git_type(PackType type) {
  switch (type) {
  case PackType::commit:
    return GIT_OBJECT_COMMIT;
  case PackType::tree:
    return GIT_OBJECT_TREE;
  case PackType::blob:
    return GIT_OBJECT_BLOB;
  case PackType::tag:
    return GIT_OBJECT_TAG;
  default:
    return GIT_OBJECT_INVALID;
  }
}

} // namespace keysift::git
