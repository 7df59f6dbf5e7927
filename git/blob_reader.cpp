#include "git/blob_reader.h"

#include "git/object_reader.h"
#include "scanner/finding.h"

namespace keysift::git {
namespace {

// Whether the repository is a partial clone (git clone --filter): its missing blobs are
// ones the server has not sent yet, not damage. Git marks it with a promisor remote
// (remote.<name>.promisor), older versions with extensions.partialclone.
bool is_partial_clone(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) != 0) {
    git_error_clear();
    return false;
  }
  Config config(raw);
  // Filtered by hand: libgit2's regex matching (git_config_foreach_match) leaks PCRE2
  // match data on every call in Debian 12's libgit2 1.5.
  git_config_iterator* raw_it = nullptr;
  if (git_config_iterator_new(&raw_it, config.get()) != 0) {
    git_error_clear();
    return false;
  }
  bool partial = false;
  git_config_entry* e = nullptr;
  while (git_config_next(&e, raw_it) == 0) {
    const std::string_view name = e->name;
    if (!(name.starts_with("remote.") && name.ends_with(".promisor")) &&
        name != "extensions.partialclone")
      continue;
    int truth = 0;
    if (git_config_parse_bool(&truth, e->value) != 0) truth = 1; // a remote's name
    partial |= truth != 0;
  }
  git_config_iterator_free(raw_it);
  git_error_clear();
  return partial;
}

class OdbReader final : public BlobReader {
public:
  OdbReader(Repository repo, Odb odb)
      : repo_(std::move(repo)), odb_(std::move(odb)),
        partial_(is_partial_clone(repo_.get())) {}
  Result<std::string> read(const git_oid& oid) override {
    git_odb_object* raw = nullptr;
    if (const int rc = git_odb_read(&raw, odb_.get(), &oid); rc != 0) {
      const Status st = git_failure("reading blob " + oid_hex(oid));
      if (rc != GIT_ENOTFOUND) return Status::error(st.message(), scanner::gap::corrupt);
      return Status::error(
          st.message() + (partial_ ? " (not fetched by this partial clone)" : ""),
          partial_ ? scanner::gap::partial_clone : scanner::gap::missing_object);
    }
    OdbObject obj(raw);
    if (git_odb_object_type(obj.get()) != GIT_OBJECT_BLOB)
      return Status::error(oid_hex(oid) + " is not a blob", scanner::gap::corrupt);
    const auto* data = static_cast<const char*>(git_odb_object_data(obj.get()));
    return std::string(data, git_odb_object_size(obj.get()));
  }

private:
  Repository repo_;
  Odb odb_;
  bool partial_;
};

class PackReader final : public BlobReader {
public:
  PackReader(std::string repo_path, std::shared_ptr<const ObjectStore> store)
      : repo_path_(std::move(repo_path)), reader_(std::move(store)) {}
  Result<std::string> read(const git_oid& oid) override {
    if (!reader_.contains(oid)) return fallback(oid);
    auto obj = reader_.read(oid);
    if (!obj)
      return Status::error("reading blob " + oid_hex(oid) + ": " + obj.error(),
                           scanner::gap::corrupt);
    if ((*obj)->type() != PackType::blob)
      return Status::error(oid_hex(oid) + " is not a blob", scanner::gap::corrupt);
    return std::string((*obj)->view());
  }

private:
  Result<std::string> fallback(const git_oid& oid) {
    if (!odb_) {
      auto made = open_odb_reader(repo_path_);
      if (!made) return made.status();
      odb_ = std::move(made).value();
    }
    return odb_->read(oid);
  }

  std::string repo_path_;
  ObjectReader reader_;
  std::unique_ptr<BlobReader> odb_;
};

} // namespace

Result<std::unique_ptr<BlobReader>>
open_pack_reader(const std::string& repo_path, std::shared_ptr<const ObjectStore> store) {
  return std::unique_ptr<BlobReader>(
      std::make_unique<PackReader>(repo_path, std::move(store)));
}

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
