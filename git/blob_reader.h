// Reading blobs for a history audit, behind an interface: how objects are found and
// inflated (one by one through libgit2's object database today; pack order, delta-aware,
// later) can change without touching the walk or the engine.
//
// A BlobReader is used by one thread at a time (it owns its own git_repository). The
// BlobReaderPool is thread-safe: each read borrows an idle reader (opening a new one
// when all are busy), so workers read in parallel, each through its own repository.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "git/handles.h"

namespace keysift::git {

class BlobReader {
public:
  virtual ~BlobReader() = default;
  virtual Result<std::string> read(const git_oid& oid) = 0;
};

// A reader through libgit2's object database (loose objects and packs).
Result<std::unique_ptr<BlobReader>> open_odb_reader(const std::string& repo_path);

class ObjectStore;
// A reader through keysift's own pack reader (git/object_reader.h) sharing `store`,
// with libgit2 for what that reader does not hold (alternates, packs it could not open).
Result<std::unique_ptr<BlobReader>>
open_pack_reader(const std::string& repo_path, std::shared_ptr<const ObjectStore> store);

class BlobReaderPool {
public:
  using Factory = std::function<Result<std::unique_ptr<BlobReader>>()>;
  explicit BlobReaderPool(Factory factory) : factory_(std::move(factory)) {}
  Result<std::string> read(const git_oid& oid);

private:
  Factory factory_;
  std::mutex mu_;
  std::vector<std::unique_ptr<BlobReader>> idle_;
};

} // namespace keysift::git
