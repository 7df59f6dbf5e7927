// HistorySource::finish: once the walk and the scans are done, each blob the walk reached
// gets its places and its raw findings are completed for them (git/history_source.h).
#include <algorithm>

#include "git/blob_reader.h"
#include "git/commit_meta.h"
#include "git/history_state.h"
#include "git/oid_hash.h"
#include "scanner/gate.h"

namespace keysift::git {
namespace {

// A blob to report: its raw findings, or (unseen by the pack scans) its id to read.
struct Item {
  std::uint32_t number = 0;
  git_oid oid{};                // set for blobs to read and unreachable ones
  std::vector<Location> places; // walk order; empty for an unreachable blob
};

int collect_oid(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

// The catalog describes only the commits that places name, added in walk order so that
// catalog numbers still order places oldest first (git/group_findings.h).
Result<std::vector<std::uint32_t>> describe_commits(HistorySource::State& s,
                                                    const std::vector<Item>& items,
                                                    git_repository* repo,
                                                    scanner::ChunkSink& sink) {
  std::vector<bool> named(s.selection.commits.size(), false);
  for (const auto& item : items)
    for (const auto& l : item.places) named[l.commit] = true;
  for (const auto& found : s.messages.found)
    for (const auto& place : found.places)
      if (place.commit != scanner::no_index) named[place.commit] = true;
  std::vector<std::uint32_t> catalog(named.size(), scanner::no_index);
  for (std::uint32_t n = 0; n < named.size(); ++n) {
    if (!named[n]) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &s.selection.commits[n].oid) != 0)
      return git_failure("reading commit " + oid_hex(s.selection.commits[n].oid));
    Commit commit(raw);
    catalog[n] = sink.add_commit(commit_info(commit.get()));
    s.summary.catalog_ranks.emplace_back(catalog[n], n);
  }
  return catalog;
}

scanner::OriginRef origin_of(const HistorySource::State& s, const Item& item,
                             const std::vector<std::uint32_t>& catalog) {
  if (item.places.empty()) {
    const std::string hex = oid_hex(item.oid);
    return scanner::make_origin(scanner::GitObjectOrigin{hex, "(unreachable)/" + hex});
  }
  auto place = [&](const Location& l) -> scanner::Location {
    return scanner::GitBlobOrigin{catalog[l.commit], s.paths.path(l.path)};
  };
  std::vector<scanner::Location> also;
  for (std::size_t i = 1; i < item.places.size(); ++i)
    also.push_back(place(item.places[i]));
  return scanner::make_origin(place(item.places.front()), std::move(also));
}

// A message's places: its commits (in walk order, as the selection numbers them), then
// its tags, each tag described in the catalog here.
scanner::OriginRef message_origin(HistorySource::State& s,
                                  const MessageResults::Found& found,
                                  const std::vector<std::uint32_t>& catalog,
                                  scanner::ChunkSink& sink) {
  std::vector<scanner::GitBlobOrigin> places;
  for (const auto& p : found.places)
    if (p.commit != scanner::no_index)
      places.push_back(
          {catalog[p.commit], std::string(scanner::commit_message_label), 0, true});
  for (const auto& p : found.places)
    if (p.tag != scanner::no_index) {
      const TagMessage& tag = s.messages.tags[p.tag];
      const std::uint32_t entry = sink.add_commit(tag.info);
      s.summary.catalog_ranks.emplace_back(entry, s.selection.commits.size() + p.tag);
      places.push_back({entry, scanner::tag_message_label(tag.name), 0, true});
    }
  std::vector<scanner::Location> also;
  for (std::size_t i = 1; i < places.size(); ++i)
    also.emplace_back(std::in_place_type<scanner::GitBlobOrigin>, std::move(places[i]));
  return scanner::make_origin(std::move(places.front()), std::move(also));
}

struct Tally {
  std::uint64_t files = 0, bytes = 0;
};

// Sorts one scanned (or failed) blob into what is reported; false when the pack scans
// never saw it (it is read as an ordinary chunk).
bool settle(HistorySource::State& s, Item item, const std::string& path,
            scanner::ChunkSink& sink, Tally& tally, std::vector<Item>& join) {
  switch (s.results->state(item.number)) {
  case BlobResults::scanned:
    ++tally.files;
    tally.bytes += s.results->size(item.number);
    if (s.results->findings().count(item.number)) join.push_back(std::move(item));
    return true;
  case BlobResults::binary:
    sink.skipped(path, std::string(skip_reason(scanner::Skip::binary)));
    return true;
  case BlobResults::too_large:
    sink.skipped(path, std::string(skip_reason(scanner::Skip::too_large)));
    return true;
  case BlobResults::failed:
    sink.error({path,
                "blob " + oid_hex(s.blobs->oid(item.number)) + ": " +
                    s.results->failures().at(item.number),
                scanner::gap::corrupt});
    return true;
  case BlobResults::unseen:
    return false;
  }
  return false;
}

// Blobs in the object database (loose and packed) that the walk did not reach.
Status unreachable(HistorySource::State& s, git_repository* repo, scanner::ChunkSink& sink,
                   Tally& tally, std::vector<Item>& join, std::vector<Item>& read) {
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
    if (!s.options.shard.holds(oid.id)) continue; // another shard's
    const std::uint32_t n = s.blobs->number(oid.id);
    if (s.blobs->contains(n)) continue;
    Item item{n, oid, {}};
    const std::string path = "(unreachable)/" + oid_hex(oid);
    if (s.results->state(n) != BlobResults::unseen) { // a packed blob the scans read
      ++s.summary.unreachable_blobs;
      settle(s, std::move(item), path, sink, tally, join);
      continue;
    }
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &oid) != 0) {
      sink.error({oid_hex(oid), git_failure("reading the object header").message(),
                  scanner::gap::corrupt});
      continue;
    }
    if (type != GIT_OBJECT_BLOB) continue;
    ++s.summary.unreachable_blobs;
    read.push_back(std::move(item));
  }
  return Status::ok();
}

} // namespace

Status HistorySource::finish(State& s, scanner::ChunkSink& sink) {
  auto repo = open_repository(s.options.repo_path);
  if (!repo) return repo.status();
  Tally tally;
  std::vector<Item> join, read;
  const BlobIndex::Groups groups = s.blobs->take_groups();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto locations = groups.locations(g);
    // The id is read from the pack's index only where it is needed (a shard's choice, a
    // blob to read or that failed): looking up a million ids here mapped the whole index.
    Item item{groups.blob(g), {}, {}};
    if (!s.options.shard.whole()) {
      item.oid = s.blobs->oid(item.number);
      s.store->note_read(0);
      if (!s.options.shard.holds(item.oid.id)) continue; // another shard's
    }
    // The blobs were scanned before their paths were known: the run's gate now rules
    // out the places it skips, and the blob with them if it has no other.
    for (const auto& l : locations)
      if (sink.gate().judge({s.paths.path(l.path), {}, {}}) == scanner::Skip::none)
        item.places.push_back(l);
    ++s.summary.blobs;
    if (item.places.empty()) {
      sink.skipped(s.paths.path(locations.front().path),
                   std::string(skip_reason(scanner::Skip::allowlisted_path)));
      continue;
    }
    const std::string path = s.paths.path(item.places.front().path);
    if (!settle(s, item, path, sink, tally, join)) {
      item.oid = s.blobs->oid(item.number);
      read.push_back(std::move(item));
    }
  }
  sink.expected("blobs", s.summary.blobs);
  if (s.options.all_objects)
    if (auto st = unreachable(s, repo->get(), sink, tally, join, read); !st) return st;
  std::vector<Item> named = join;
  named.insert(named.end(), read.begin(), read.end());
  auto catalog = describe_commits(s, named, repo->get(), sink);
  if (!catalog) return catalog.status();
  auto pool =
      std::make_shared<BlobReaderPool>([path = s.options.repo_path, store = s.store] {
        return open_pack_reader(path, store);
      });
  for (const auto& item : read) {
    scanner::Chunk chunk;
    chunk.origin = origin_of(s, item, *catalog);
    chunk.load = [pool, oid = item.oid] { return pool->read(oid); };
    if (!sink.push(std::move(chunk))) return Status::ok();
  }
  struct Done {
    std::vector<scanner::Finding> raw;
    scanner::OriginRef origin;
  };
  auto done = std::make_shared<std::vector<Done>>();
  for (const auto& item : join)
    done->push_back(
        {std::move(s.results->findings()[item.number]), origin_of(s, item, *catalog)});
  for (auto& found : s.messages.found)
    done->push_back({std::move(found.raw), message_origin(s, found, *catalog, sink)});
  scanner::Chunk last;
  last.task = [done, tally](scanner::TaskContext& context) {
    context.scanned(tally.files, tally.bytes);
    std::vector<scanner::Finding> out;
    for (auto& d : *done) context.confirmer().finish_deferred(d.raw, d.origin, out);
    context.found(out);
  };
  sink.push(std::move(last));
  return Status::ok();
}

} // namespace keysift::git
