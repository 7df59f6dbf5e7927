// keysift's own reader of a repository's objects: its packs (memory-mapped, entries
// inflated with libdeflate, delta chains resolved through a bounded cache of bases) and
// its loose objects. What it does not handle (alternates, a pack it cannot open, an
// unknown format) it leaves to libgit2: contains() says whether it can answer, and the
// caller falls back (see PackBlobReader). Every object it yields is the one libgit2
// would give (git/object_reader_test.cpp compares them hash for hash). Corrupt or
// truncated data is an error for the objects involved, never a crash.
//
// ObjectStore (the packs, immutable once open) is shared by every thread; an
// ObjectReader (an inflater and a base cache) is used by one thread at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "git/base_cache.h"
#include "git/pack_file.h"

namespace keysift::git {

struct ObjectLocation {
  std::uint32_t pack = 0;
  std::uint32_t position = 0; // in the pack's index
  std::uint64_t offset = 0;
};

struct ReaderLimits {
  std::size_t cache_bytes = 32u << 20;   // delta bases kept per reader
  std::uint64_t max_object = 1ull << 30; // larger objects are refused (an error)
  std::size_t max_chain = 10000;         // longer delta chains are an error (a cycle)
  std::size_t resident_maps = 96u << 20; // mapped pack bytes kept resident (see MappedFile)
};

class ObjectStore {
public:
  // Opens every pack in `git_dir`/objects/pack (git_dir: the common directory).
  static Result<std::shared_ptr<const ObjectStore>> open(const std::string& git_dir,
                                                         ReaderLimits limits = {});
  // A store of the packs given and no loose objects (tests and fuzz targets).
  static std::shared_ptr<const ObjectStore>
  of_packs(std::vector<std::shared_ptr<const PackFile>> packs, ReaderLimits limits = {});
  const std::vector<std::shared_ptr<const PackFile>>& packs() const { return packs_; }
  std::optional<ObjectLocation> find(const git_oid& oid) const;
  // The loose object's file name, if there is one.
  std::optional<std::string> loose_path(const git_oid& oid) const;
  // Packs that could not be opened, and whether objects/info/alternates exists: objects
  // there are libgit2's to read.
  const std::vector<std::string>& pack_errors() const { return pack_errors_; }
  bool has_alternates() const { return alternates_; }
  const ReaderLimits& limits() const { return limits_; }
  // Counts pack bytes read; past a step, drops mapped pages that are resident beyond
  // limits().resident_maps (thread-safe).
  void note_read(std::size_t bytes) const;

private:
  std::string objects_;
  std::vector<std::shared_ptr<const PackFile>> packs_;
  std::vector<std::string> pack_errors_;
  bool alternates_ = false;
  ReaderLimits limits_;
  mutable std::atomic<std::size_t> read_since_check_{0};
};

class ObjectReader {
public:
  // `cache_bytes`: the bases it keeps (0: the store's limits().cache_bytes).
  explicit ObjectReader(std::shared_ptr<const ObjectStore> store,
                        std::size_t cache_bytes = 0);
  // Whether the object is in a pack or loose here (else libgit2 may know it).
  bool contains(const git_oid& oid) const;
  Result<ObjectPtr> read(const git_oid& oid);
  Result<ObjectPtr> read_at(std::uint32_t pack, std::uint64_t offset);
  const ObjectStore& store() const { return *store_; }
  Inflater& inflater() { return inflater_; }
  BaseCache& cache() { return cache_; }

private:
  struct Link {
    std::uint32_t pack;
    std::uint64_t offset;
    EntryHeader header;
  };
  Result<ObjectPtr> inflate_entry(const Link& link, PackType type);
  Result<ObjectPtr> apply_chain(ObjectPtr base, const std::vector<Link>& chain);
  Result<ObjectPtr> read_loose(const git_oid& oid, const std::string& path);

  std::shared_ptr<const ObjectStore> store_;
  Inflater inflater_;
  BaseCache cache_;
  std::vector<Link> chain_;
  std::unique_ptr<char[]> delta_; // an inflated delta, reused
  std::size_t delta_capacity_ = 0;
};

} // namespace keysift::git
