// HistorySource: the history audit. Two kinds of work run at once on the pipeline's
// workers, as tasks (scanner/task.h):
//   - the walk: it selects the commits (every ref, or the limits asked) and walks their
//     trees oldest first through keysift's object reader (git/tree_walk.h), recording
//     where each blob was seen (git/blob_index.h);
//   - the scans: each pack's blobs, read in pack order through its delta forest
//     (git/pack_scan.h) and scanned with a path-deferring confirmer
//     (git/history_scan.h), so blobs flow to the workers while the walk proceeds.
// For the whole history every blob of the packs is scanned while the walk runs; with
// --since, --max-commits or --branch the scans wait for the walk and read only the blobs
// it selected. When both are done, each blob the walk reached gets its places: the
// commit and path that introduced it first, the others after (Origin::also); its raw
// findings are completed for that path (Confirmer::finish_deferred) by a last task.
// Blobs outside the packs (loose, or in alternates) are pushed as ordinary chunks. Only
// the commits findings name are described in the catalog, in walk order.
//
// With all_objects, blobs that no walked commit reaches are scanned too. With a shard
// (git/shard.h) the walk is whole but only the shard's blobs are scanned and reported;
// the walk's own accounting (commits, messages, tags, its gaps) is shard 0's. run() runs on
// one thread and returns once every task it pushed has finished; the source must
// outlive the pipeline run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "git/added_lines.h"
#include "git/history_walk.h"
#include "git/shard.h"
#include "scanner/source.h"

namespace keysift::git {

struct HistoryOptions {
  std::string repo_path = ".";
  WalkLimits limits;
  bool all_objects = false; // also blobs no walked commit reaches
  unsigned tasks = 1;       // scan tasks: the pipeline's worker count
  Shard shard;              // the blobs to scan: all (0/1), or one shard's
};

struct HistorySummary {
  std::size_t tips = 0, commits = 0, blobs = 0, unreachable_blobs = 0;
  std::uint64_t submodules = 0;
  std::vector<std::string> non_commit_refs;
  bool shallow_cut = false;
  double walk_seconds = 0; // choosing commits and walking their trees
  // What a merge of shards needs: a digest of the walk (the selected commits' ids, in
  // walk order, and the options that select blobs), the same for every shard of one
  // audit; and each catalog entry's place in walk order (commits by walk number, tags
  // after every commit), so that shards' catalogs can be put in one order.
  std::string walk_digest;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> catalog_ranks; // catalog -> rank
};

class HistorySource final : public scanner::Source {
public:
  explicit HistorySource(HistoryOptions options);
  ~HistorySource() override;
  Status run(scanner::ChunkSink& sink, std::stop_token stop) override;
  // Valid after run().
  const HistorySummary& summary() const;

  struct State; // what the tasks share: git/history_state.h

private:
  Status finish(State& state, scanner::ChunkSink& sink);
  std::shared_ptr<State> state_;
};

} // namespace keysift::git
