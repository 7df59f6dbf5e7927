#include "git/history_source.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "git/object_reader.h"
#include "git/oid_hash.h"

namespace keysift::git {
namespace {

// Reports a walk's files to the blob index, for one commit or as known.
class IndexVisitor final : public TreeVisitor {
public:
  IndexVisitor(BlobIndex& blobs, std::uint32_t commit, bool known)
      : blobs_(blobs), commit_(commit), known_(known) {}
  void blob(const unsigned char* id, std::uint32_t path) override {
    blobs_.add(id, path, commit_, known_);
  }
  void submodule(std::uint32_t) override {
    if (!known_) ++submodules;
  }
  std::uint64_t submodules = 0;

private:
  BlobIndex& blobs_;
  std::uint32_t commit_;
  bool known_;
};

} // namespace

HistorySource::HistorySource(HistoryOptions options) : options_(std::move(options)) {}

Status HistorySource::run(scanner::ChunkSink& sink, std::stop_token stop) {
  const auto started = std::chrono::steady_clock::now();
  auto repo = open_repository(options_.repo_path);
  if (!repo) return repo.status();
  auto store = ObjectStore::open(git_repository_commondir(repo->get()));
  if (!store) return store.status();
  store_ = *store;
  pool_ = std::make_shared<BlobReaderPool>([path = options_.repo_path, store = store_] {
    return open_pack_reader(path, store);
  });
  ObjectReader reader(store_);
  auto selection = select_commits(repo->get(), &reader, options_.limits);
  if (!selection) return selection.status();
  summary_.tips = selection->tips;
  summary_.commits = selection->commits.size();
  summary_.non_commit_refs = selection->non_commit_refs;
  summary_.shallow_cut = selection->missing_parents;
  for (const auto& ref : selection->non_commit_refs)
    sink.skipped(ref, "ref to a tree or blob");
  report_walk_gaps(*selection, sink);
  BlobIndex blobs(store_);
  if (auto st = index(repo->get(), reader, *selection, blobs, sink, stop); !st) return st;
  summary_.walk_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  summary_.blobs = blobs.wanted_count();
  sink.expected("blobs", summary_.blobs);
  for (std::uint64_t i = 0; i < summary_.submodules; ++i) sink.skipped("", "submodule");
  push_blobs(blobs, sink, stop);
  if (options_.all_objects && !stop.stop_requested())
    return push_unreachable(repo->get(), blobs, sink);
  return Status::ok();
}

// What the walk could not reach is a gap, never a silent pass: a shallow clone's cut (its
// history before the cut was never fetched), and commits missing from a repository that
// is not cut there (everything only they lead to went unscanned).
void HistorySource::report_walk_gaps(const CommitSelection& selection,
                                     scanner::ChunkSink& sink) {
  sink.expected("commits", selection.commits.size());
  if (selection.missing_parents)
    sink.error({"",
                "a shallow clone: the history before its cut was not fetched, so it "
                "was not scanned (git fetch --unshallow)",
                scanner::gap::shallow});
  for (const auto& [missing, child] : selection.missing_commits)
    sink.error({oid_hex(missing),
                "commit missing from the repository (a parent of " + oid_hex(child) +
                    "): the history before it was not scanned",
                scanner::gap::missing_object});
}

// Commits are added to the catalog in walk order, so their catalog numbers, which the
// blob index records, order locations oldest first (git/group_findings.h).
Status HistorySource::index(git_repository* repo, ObjectReader& reader,
                            const CommitSelection& selection, BlobIndex& blobs,
                            scanner::ChunkSink& sink, std::stop_token stop) {
  TreeWalker walker(reader, paths_);
  for (const auto& parent : selection.boundary) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &parent) != 0) {
      git_error_clear(); // beyond a shallow clone's cut: nothing known before
      continue;
    }
    Commit commit(raw);
    IndexVisitor known(blobs, 0, true);
    if (auto st = walker.walk(*git_commit_tree_id(commit.get()), known); !st) return st;
  }
  for (const auto& c : selection.commits) {
    if (stop.stop_requested()) break;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &c.oid) != 0)
      return git_failure("reading commit " + oid_hex(c.oid));
    Commit commit(raw);
    const std::uint32_t number = sink.add_commit(commit_info(commit.get()));
    // A tree that cannot be read leaves that commit's files (those not seen elsewhere)
    // unscanned: a gap; the other commits are still indexed.
    IndexVisitor visitor(blobs, number, false);
    if (auto st = walker.walk(c.tree, visitor); !st)
      sink.error({oid_hex(c.oid), st.message(), scanner::gap::missing_object});
    else
      sink.covered("commits");
    summary_.submodules += visitor.submodules;
  }
  return Status::ok();
}

// Each wanted blob once, in the order its pack stores it (loose blobs last), so that
// consecutive reads share delta bases and disk pages.
void HistorySource::push_blobs(BlobIndex& blobs, scanner::ChunkSink& sink,
                               std::stop_token stop) {
  auto groups = blobs.take_groups();
  if (options_.pack_order) {
    using Key = std::tuple<std::uint32_t, std::uint64_t, std::size_t>;
    std::vector<Key> keys;
    keys.reserve(groups.size());
    for (std::size_t i = 0; i < groups.size(); ++i) {
      std::uint32_t pack = 0, position = 0;
      if (blobs.packed(groups[i].blob, pack, position))
        keys.emplace_back(pack, store_->packs()[pack]->index().offset(position), i);
      else
        keys.emplace_back(UINT32_MAX, 0, i);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<BlobIndex::Group> sorted;
    sorted.reserve(groups.size());
    for (const auto& k : keys) sorted.push_back(std::move(groups[std::get<2>(k)]));
    groups = std::move(sorted);
  }
  for (auto& group : groups) {
    if (stop.stop_requested()) return;
    std::vector<scanner::Location> where;
    for (const auto& l : group.locations) {
      if (options_.skip_path && options_.skip_path(paths_.path(l.path))) continue;
      where.emplace_back(scanner::GitBlobOrigin{l.commit, paths_.path(l.path)});
    }
    if (where.empty()) {
      sink.skipped(paths_.path(group.locations.front().path), "allowlisted path");
      continue;
    }
    scanner::Chunk chunk;
    scanner::Location first = std::move(where.front());
    where.erase(where.begin());
    chunk.origin = scanner::make_origin(std::move(first), std::move(where));
    chunk.load = [pool = pool_, oid = blobs.oid(group.blob)] { return pool->read(oid); };
    if (!sink.push(std::move(chunk))) return;
  }
}

namespace {

int collect_oid(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

} // namespace

// Blobs in the object database (loose and packed) that the walk did not reach.
Status HistorySource::push_unreachable(git_repository* repo, BlobIndex& blobs,
                                       scanner::ChunkSink& sink) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) != 0)
    return git_failure("opening the object database");
  Odb odb(raw);
  std::vector<git_oid> all;
  if (git_odb_foreach(odb.get(), collect_oid, &all) != 0)
    return git_failure("listing the object database");
  std::sort(all.begin(), all.end(),
            [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
  all.erase(std::unique(all.begin(), all.end(), OidEqual()), all.end());
  for (const auto& oid : all) {
    if (blobs.contains(blobs.number(oid.id))) continue;
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &oid) != 0) {
      sink.error({oid_hex(oid), git_failure("reading the object header").message(),
                  scanner::gap::corrupt});
      continue;
    }
    if (type != GIT_OBJECT_BLOB) continue;
    ++summary_.unreachable_blobs;
    scanner::Chunk chunk;
    const std::string hex = oid_hex(oid);
    chunk.origin =
        scanner::make_origin(scanner::GitObjectOrigin{hex, "(unreachable)/" + hex});
    chunk.load = [pool = pool_, oid] { return pool->read(oid); };
    if (!sink.push(std::move(chunk))) break;
  }
  return Status::ok();
}

} // namespace keysift::git
