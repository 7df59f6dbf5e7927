#include "git/blob_reader.h"

namespace keysift::git {
namespace {

class OdbReader final : public BlobReader {
public:
  OdbReader(Repository repo, Odb odb) : repo_(std::move(repo)), odb_(std::move(odb)) {}
  Result<std::string> read(const git_oid& oid) override {
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb_.get(), &oid) != 0)
      return git_failure("reading blob " + oid_hex(oid));
    OdbObject obj(raw);
    if (git_odb_object_type(obj.get()) != GIT_OBJECT_BLOB)
      return Status::error(oid_hex(oid) + " is not a blob");
    const auto* data = static_cast<const char*>(git_odb_object_data(obj.get()));
    return std::string(data, git_odb_object_size(obj.get()));
  }

private:
  Repository repo_;
  Odb odb_;
};

} // namespace

Result<std::unique_ptr<BlobReader>> open_odb_reader(const std::string& repo_path) {
  auto repo = open_repository(repo_path);
  if (!repo) return repo.status();
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo->get()) != 0)
    return git_failure("opening the object database");
  Odb odb(raw);
  return std::unique_ptr<BlobReader>(
      std::make_unique<OdbReader>(std::move(repo).value(), std::move(odb)));
}

Result<std::string> BlobReaderPool::read(const git_oid& oid) {
  std::unique_ptr<BlobReader> reader;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!reader) {
    auto made = factory_();
    if (!made) return made.status();
    reader = std::move(made).value();
  }
  auto out = reader->read(oid);
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(reader));
  return out;
}

} // namespace keysift::git
