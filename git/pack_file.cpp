#include "git/pack_file.h"

#include <cstring>

namespace keysift::git {

namespace {
constexpr std::uint64_t pack_header_size = 12;
}

Result<std::shared_ptr<const PackFile>> PackFile::open(const std::string& idx_path) {
  auto idx = MappedFile::open(idx_path);
  if (!idx) return idx.status();
  std::string pack_path = idx_path;
  if (pack_path.size() > 4 && pack_path.compare(pack_path.size() - 4, 4, ".idx") == 0)
    pack_path.replace(pack_path.size() - 4, 4, ".pack");
  auto pack = MappedFile::open(pack_path);
  if (!pack) return pack.status();
  return from(std::move(idx).value(), std::move(pack).value());
}

Result<std::shared_ptr<const PackFile>>
PackFile::from(std::shared_ptr<const MappedFile> idx,
               std::shared_ptr<const MappedFile> pack) {
  auto index = PackIndex::from(std::move(idx));
  if (!index) return index.status();
  const std::string pack_path = pack->path();
  const Bytes b = pack->bytes();
  if (b.size() < pack_header_size + GIT_OID_RAWSZ || std::memcmp(b.data(), "PACK", 4) != 0)
    return Status::error(pack_path + ": not a pack file");
  const std::uint32_t version = load_be32(b.data() + 4);
  if (version != 2 && version != 3)
    return Status::error(pack_path + ": pack version " + std::to_string(version));
  if (load_be32(b.data() + 8) != index->count())
    return Status::error(pack_path + ": the pack and its index count different objects");
  std::shared_ptr<PackFile> out(new PackFile(std::move(index).value(), std::move(pack)));
  out->end_ = b.size() - GIT_OID_RAWSZ;
  return std::shared_ptr<const PackFile>(std::move(out));
}

Result<EntryHeader> PackFile::header(std::uint64_t offset) const {
  if (offset < pack_header_size || offset >= end_)
    return Status::error("entry offset " + std::to_string(offset) + " outside " + name());
  const Bytes b = pack_->bytes();
  auto h = parse_entry_header(b.subspan(offset, end_ - offset), offset);
  if (!h) return Status::error(name() + " at " + std::to_string(offset) + ": " + h.error());
  if (h->base_offset != 0 && h->base_offset < pack_header_size)
    return Status::error(name() + " at " + std::to_string(offset) +
                         ": delta base offset points into the pack header");
  return h;
}

Bytes PackFile::compressed(std::uint64_t offset, const EntryHeader& h) const {
  const std::uint64_t from = offset + h.length; // header() checked offset + length <= end_
  return pack_->bytes().subspan(from, end_ - from);
}

Status PackFile::inflate(Inflater& inflater, std::uint64_t offset, const EntryHeader& h,
                         char* out) const {
  std::size_t consumed = 0;
  if (auto st = inflater.inflate(compressed(offset, h), out,
                                 static_cast<std::size_t>(h.size), consumed);
      !st)
    return Status::error(name() + " at " + std::to_string(offset) + ": " + st.message());
  return Status::ok();
}

} // namespace keysift::git
