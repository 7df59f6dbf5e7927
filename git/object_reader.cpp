#include "git/object_reader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "git/handles.h"
#include "git/loose_object.h"

namespace keysift::git {

Result<std::shared_ptr<const ObjectStore>> ObjectStore::open(const std::string& git_dir,
                                                             ReaderLimits limits) {
  namespace fs = std::filesystem;
  auto store = std::make_shared<ObjectStore>();
  store->limits_ = limits;
  store->objects_ = (fs::path(git_dir) / "objects").string();
  std::error_code ec;
  store->alternates_ = fs::exists(fs::path(store->objects_) / "info" / "alternates", ec);
  std::vector<std::string> idx;
  for (fs::directory_iterator it(fs::path(store->objects_) / "pack", ec), end;
       !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".idx") idx.push_back(it->path().string());
  std::sort(idx.begin(), idx.end());
  for (const auto& path : idx) {
    auto pack = PackFile::open(path);
    if (pack)
      store->packs_.push_back(std::move(*pack));
    else
      store->pack_errors_.push_back(pack.error());
  }
  return std::shared_ptr<const ObjectStore>(std::move(store));
}

std::shared_ptr<const ObjectStore>
ObjectStore::of_packs(std::vector<std::shared_ptr<const PackFile>> packs,
                      ReaderLimits limits) {
  auto store = std::make_shared<ObjectStore>();
  store->packs_ = std::move(packs);
  store->limits_ = limits;
  return store;
}

std::optional<ObjectLocation> ObjectStore::find(const git_oid& oid) const {
  for (std::size_t p = 0; p < packs_.size(); ++p)
    if (auto pos = packs_[p]->index().find(oid))
      return ObjectLocation{static_cast<std::uint32_t>(p), *pos,
                            packs_[p]->index().offset(*pos)};
  return std::nullopt;
}

std::optional<std::string> ObjectStore::loose_path(const git_oid& oid) const {
  if (objects_.empty()) return std::nullopt;
  const std::string hex = oid_hex(oid);
  std::string path = objects_ + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  return path;
}

void ObjectStore::note_read(std::size_t bytes) const {
  constexpr std::size_t step = 16u << 20;
  if (read_since_check_.fetch_add(bytes, std::memory_order_relaxed) + bytes < step) return;
  read_since_check_.store(0, std::memory_order_relaxed);
  if (resident_file_bytes() <= limits_.resident_maps) return;
  for (const auto& p : packs_) p->release();
}

ObjectReader::ObjectReader(std::shared_ptr<const ObjectStore> store,
                           std::size_t cache_bytes)
    : store_(std::move(store)),
      cache_(cache_bytes != 0 ? cache_bytes : store_->limits().cache_bytes) {}

bool ObjectReader::contains(const git_oid& oid) const {
  return store_->find(oid) || store_->loose_path(oid);
}

Result<ObjectPtr> ObjectReader::read(const git_oid& oid) {
  if (auto at = store_->find(oid)) return read_at(at->pack, at->offset);
  if (auto path = store_->loose_path(oid)) return read_loose(oid, *path);
  return Status::error("object " + oid_hex(oid) + " not found");
}

Result<ObjectPtr> ObjectReader::inflate_entry(const Link& link, PackType type) {
  const PackFile& pack = *store_->packs()[link.pack];
  if (link.header.size > store_->limits().max_object)
    return Status::error(pack.name() + " at " + std::to_string(link.offset) +
                         ": an object of " + std::to_string(link.header.size) +
                         " bytes, over the limit of " +
                         std::to_string(store_->limits().max_object));
  auto out = std::make_shared<ObjectData>(type, static_cast<std::size_t>(link.header.size));
  if (auto st = pack.inflate(inflater_, link.offset, link.header, out->data()); !st)
    return st;
  store_->note_read(out->size());
  return ObjectPtr(std::move(out));
}

// Follows the chain from the object at (pack, offset) back to a cached object or a
// whole one, then applies the deltas forward, caching each intermediate result: the
// next object of the same chain is then one delta away.
Result<ObjectPtr> ObjectReader::read_at(std::uint32_t pack, std::uint64_t offset) {
  chain_.clear();
  ObjectPtr base;
  for (;;) {
    if (chain_.size() > store_->limits().max_chain)
      return Status::error("delta chain longer than " +
                           std::to_string(store_->limits().max_chain) + " (a cycle?)");
    if ((base = cache_.get(BaseCache::key(pack, offset)))) break;
    const PackFile& file = *store_->packs()[pack];
    auto h = file.header(offset);
    if (!h) return h.status();
    const Link link{pack, offset, *h};
    if (h->type == PackType::ofs_delta) {
      chain_.push_back(link);
      offset = h->base_offset;
    } else if (h->type == PackType::ref_delta) {
      chain_.push_back(link);
      auto at = store_->find(h->base_id);
      if (!at) { // a thin pack's base, loose here
        auto loose = store_->loose_path(h->base_id);
        if (!loose)
          return Status::error("delta base " + oid_hex(h->base_id) + " not found");
        auto b = read_loose(h->base_id, *loose);
        if (!b) return b;
        base = std::move(*b);
        break;
      }
      pack = at->pack;
      offset = at->offset;
    } else {
      auto whole = inflate_entry(link, h->type);
      if (!whole) return whole;
      base = std::move(*whole);
      if (!chain_.empty()) cache_.put(BaseCache::key(pack, offset), base);
      break;
    }
  }
  return apply_chain(std::move(base), chain_);
}

Result<ObjectPtr> ObjectReader::apply_chain(ObjectPtr base,
                                            const std::vector<Link>& chain) {
  for (std::size_t i = chain.size(); i-- > 0;) {
    const Link& link = chain[i];
    const PackFile& pack = *store_->packs()[link.pack];
    if (link.header.size > store_->limits().max_object)
      return Status::error(pack.name() + " at " + std::to_string(link.offset) +
                           ": a delta of " + std::to_string(link.header.size) + " bytes");
    const auto n = static_cast<std::size_t>(link.header.size);
    if (n > delta_capacity_) {
      delta_capacity_ = std::max(n, delta_capacity_ * 2);
      delta_.reset(new char[delta_capacity_]);
    }
    if (auto st = pack.inflate(inflater_, link.offset, link.header, delta_.get()); !st)
      return st;
    store_->note_read(n);
    const Bytes delta(reinterpret_cast<const unsigned char*>(delta_.get()), n);
    auto header = parse_delta_header(delta);
    if (!header)
      return Status::error(pack.name() + " at " + std::to_string(link.offset) + ": " +
                           header.error());
    if (header->result_size > store_->limits().max_object)
      return Status::error(pack.name() + " at " + std::to_string(link.offset) +
                           ": a delta result of " + std::to_string(header->result_size) +
                           " bytes, over the limit");
    auto out = std::make_shared<ObjectData>(base->type(),
                                            static_cast<std::size_t>(header->result_size));
    if (auto st = apply_delta(base->view(), delta, *header, out->data()); !st)
      return Status::error(pack.name() + " at " + std::to_string(link.offset) + ": " +
                           st.message());
    base = std::move(out);
    if (i > 0) cache_.put(BaseCache::key(link.pack, link.offset), base);
  }
  return base;
}

// A loose object, its header checked against its content (git/loose_object.h).
Result<ObjectPtr> ObjectReader::read_loose(const git_oid& oid, const std::string& path) {
  std::shared_ptr<ObjectData> out;
  auto head = inflate_loose(path, store_->limits().max_object,
                            [&out](PackType type, std::size_t size) {
                              out = std::make_shared<ObjectData>(type, size);
                              return out->data();
                            });
  if (!head) return Status::error(head.error() + " (" + oid_hex(oid) + ")");
  return ObjectPtr(std::move(out));
}

} // namespace keysift::git
