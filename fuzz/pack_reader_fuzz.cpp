// Fuzz target: the object reader (git/object_reader.h) over a whole pack and its index
// built in memory from the input: up to 16 objects with made-up ids at offsets the input
// chooses into pack bytes it supplies, so entries may be truncated, overlap, point their
// delta bases anywhere (ref deltas at each other: cycles), or lie about their sizes. Every
// object is read by offset and by id, and the pack's delta forest (git/pack_scan.h) is
// built and walked with no bytes held and with some. Invariants: no crash, no read outside
// the maps; an object read twice (the second time through the base cache) has the same
// bytes; a blob the forest walk hands out has the reader's bytes, and the walk visits each
// blob once or reports it failed.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "git/object_reader.h"
#include "git/pack_scan.h"

using namespace keysift;
using namespace keysift::git;

namespace {

void put32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xff));
}

// Object i's made-up id: i in the first byte (so ids are sorted by i), the rest fixed.
git_oid fake_id(std::size_t i) {
  git_oid id{};
  id.id[0] = static_cast<unsigned char>(i * 16);
  id.id[19] = 1;
  return id;
}

std::string index_for(const std::vector<std::uint32_t>& offsets) {
  std::string idx("\377tOc", 4);
  put32(idx, 2);
  const std::size_t n = offsets.size();
  for (unsigned b = 0; b < 256; ++b) {
    std::uint32_t below = 0;
    for (std::size_t i = 0; i < n; ++i) below += fake_id(i).id[0] <= b ? 1u : 0u;
    put32(idx, below);
  }
  for (std::size_t i = 0; i < n; ++i)
    idx.append(reinterpret_cast<const char*>(fake_id(i).id), GIT_OID_RAWSZ);
  for (std::size_t i = 0; i < n; ++i) put32(idx, 0); // CRCs: not checked
  for (auto off : offsets) put32(idx, off);
  idx.append(40, '\0'); // checksums: not checked
  return idx;
}

// Checks each blob the forest walk hands out against the reader's bytes for its id.
class Check final : public BlobConsumer {
public:
  Check(ObjectReader& reader, const PackFile& file) : reader_(reader), file_(file) {}
  MemoPtr visit(const BlobVisit& blob) override {
    fuzz::check(seen_.insert(blob.position).second, "each blob is visited once");
    auto direct = reader_.read(file_.index().oid(blob.position));
    if (direct)
      fuzz::check((*direct)->view() == blob.data, "the walk has the reader's bytes");
    return nullptr;
  }
  void failed(std::uint32_t, std::uint32_t, const Status&) override {}

private:
  ObjectReader& reader_;
  const PackFile& file_;
  std::set<std::uint32_t> seen_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  const std::size_t n = 1 + choose.byte() % 16;
  std::vector<std::uint32_t> offsets;
  for (std::size_t i = 0; i < n; ++i) offsets.push_back(12u + choose.u16() % 4096u);
  std::string pack("PACK", 4);
  put32(pack, 2);
  put32(pack, static_cast<std::uint32_t>(n));
  pack.append(choose.rest());
  pack.append(20, '\0');
  auto file = PackFile::from(MappedFile::hold("fuzz.idx", index_for(offsets)),
                             MappedFile::hold("fuzz.pack", std::move(pack)));
  fuzz::check(static_cast<bool>(file), "a well-formed header and index open");
  ReaderLimits limits;
  limits.max_object = 1u << 20;
  limits.cache_bytes = 1u << 16;
  limits.max_chain = 64;
  auto store = ObjectStore::of_packs({*file}, limits);
  ObjectReader reader(store);
  for (std::size_t i = 0; i < n; ++i) {
    auto first = reader.read(fake_id(i));
    auto again = reader.read(fake_id(i));
    fuzz::check(first.is_ok() == again.is_ok(), "a second read fails or succeeds alike");
    if (first && again)
      fuzz::check((*first)->view() == (*again)->view(), "a cached read has the same bytes");
  }
  for (const std::size_t held : {std::size_t{0}, std::size_t{1} << 16}) {
    auto plan = PackPlan::build(store, 0, [](std::uint32_t) { return true; });
    if (!plan) continue;
    Check check(reader, **file);
    std::uint32_t root = 0;
    while ((*plan)->next_root(root)) (*plan)->walk(root, reader, check, held);
  }
  return 0;
}
