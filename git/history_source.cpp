#include "git/history_source.h"

#include <algorithm>
#include <chrono>

#include "git/object_reader.h"

namespace keysift::git {

HistorySource::HistorySource(HistoryOptions options) : options_(std::move(options)) {}

Status HistorySource::run(scanner::ChunkSink& sink, std::stop_token stop) {
  const auto started = std::chrono::steady_clock::now();
  auto repo = open_repository(options_.repo_path);
  if (!repo) return repo.status();
  auto store = ObjectStore::open(git_repository_commondir(repo->get()));
  if (!store) return store.status();
  pool_ = std::make_shared<BlobReaderPool>([path = options_.repo_path, store = *store] {
    return open_pack_reader(path, store);
  });
  auto selection = select_commits(repo->get(), options_.limits);
  if (!selection) return selection.status();
  summary_.tips = selection->tips;
  summary_.commits = selection->commits.size();
  summary_.non_commit_refs = selection->non_commit_refs;
  summary_.shallow_cut = selection->missing_parents;
  for (const auto& ref : selection->non_commit_refs)
    sink.skipped(ref, "ref to a tree or blob");
  report_walk_gaps(*selection, sink);
  BlobIndex blobs;
  if (auto st = index(repo->get(), *selection, blobs, sink, stop); !st) return st;
  summary_.walk_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  summary_.blobs = blobs.blobs().size();
  sink.expected("blobs", summary_.blobs);
  summary_.submodules = blobs.submodules();
  for (std::uint64_t i = 0; i < blobs.submodules(); ++i) sink.skipped("", "submodule");
  push_blobs(git_repository_commondir(repo->get()), blobs, sink, stop);
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
Status HistorySource::index(git_repository* repo, const CommitSelection& selection,
                            BlobIndex& blobs, scanner::ChunkSink& sink,
                            std::stop_token stop) {
  for (const auto& parent : selection.boundary) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &parent) != 0) {
      git_error_clear(); // beyond a shallow clone's cut: nothing known before
      continue;
    }
    Commit commit(raw);
    if (auto st = blobs.mark_known(repo, *git_commit_tree_id(commit.get())); !st) return st;
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
    if (auto st = blobs.add_commit(repo, c.tree, number); !st)
      sink.error({oid_hex(c.oid), st.message(), scanner::gap::missing_object});
    else
      sink.covered("commits");
  }
  return Status::ok();
}

void HistorySource::push_blobs(const std::string& git_dir, const BlobIndex& blobs,
                               scanner::ChunkSink& sink, std::stop_token stop) {
  const auto& records = blobs.blobs();
  std::vector<git_oid> oids;
  oids.reserve(records.size());
  for (const auto& r : records) oids.push_back(r.oid);
  std::vector<std::size_t> order(records.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (options_.pack_order) order = pack_order(git_dir, oids);
  for (std::size_t i : order) {
    if (stop.stop_requested()) return;
    const BlobRecord& rec = records[i];
    std::vector<scanner::Location> where;
    for (const auto& l : rec.locations) {
      if (options_.skip_path && options_.skip_path(blobs.path(l.path))) continue;
      where.emplace_back(scanner::GitBlobOrigin{l.commit, blobs.path(l.path)});
    }
    if (where.empty()) {
      sink.skipped(blobs.path(rec.locations.front().path), "allowlisted path");
      continue;
    }
    scanner::Chunk chunk;
    scanner::Location first = std::move(where.front());
    where.erase(where.begin());
    chunk.origin = scanner::make_origin(std::move(first), std::move(where));
    chunk.load = [pool = pool_, oid = rec.oid] { return pool->read(oid); };
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
Status HistorySource::push_unreachable(git_repository* repo, const BlobIndex& blobs,
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
    if (blobs.contains(oid)) continue;
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
