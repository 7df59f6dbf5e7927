// HistorySource: the history audit. Walks the selected commits oldest first, reading
// commits and trees through keysift's object reader (git/tree_walk.h), and indexes every
// unique blob (its id is the dedup key) with the commit and path that introduced it, then
// pushes each blob once, in pack order, as a Chunk whose loader a worker calls (so blobs
// are read and inflated on every core, each worker through its own reader). Findings
// A chunk's location is the commit (described in the catalog) and path that introduced
// the blob; the other places it appeared at follow it (Origin::also). With all_objects,
// blobs in the object database that no walked commit reaches are scanned too. run() runs
// on one thread; the loaders it hands out are thread-safe and may outlive run() (they
// share the reader pool), but not the source.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "git/added_lines.h"
#include "git/blob_index.h"
#include "git/blob_reader.h"
#include "git/commit_meta.h"
#include "git/history_walk.h"
#include "git/tree_walk.h"
#include "scanner/source.h"

namespace keysift::git {

struct HistoryOptions {
  std::string repo_path = ".";
  WalkLimits limits;
  bool all_objects = false; // also blobs no walked commit reaches
  bool pack_order = true;   // read in pack order (false: first-seen order)
  PathFilter skip_path;     // the global allowlist
};

struct HistorySummary {
  std::size_t tips = 0, commits = 0, blobs = 0, unreachable_blobs = 0;
  std::uint64_t submodules = 0;
  std::vector<std::string> non_commit_refs;
  bool shallow_cut = false;
  double walk_seconds = 0; // choosing commits and indexing blobs (one thread)
};

class HistorySource final : public scanner::Source {
public:
  explicit HistorySource(HistoryOptions options);
  Status run(scanner::ChunkSink& sink, std::stop_token stop) override;
  // Valid after run().
  const HistorySummary& summary() const { return summary_; }

private:
  void report_walk_gaps(const CommitSelection& selection, scanner::ChunkSink& sink);
  Status index(git_repository* repo, ObjectReader& reader, const CommitSelection& selection,
               BlobIndex& blobs, scanner::ChunkSink& sink, std::stop_token stop);
  void push_blobs(BlobIndex& blobs, scanner::ChunkSink& sink, std::stop_token stop);
  Status push_unreachable(git_repository* repo, BlobIndex& blobs, scanner::ChunkSink& sink);

  HistoryOptions options_;
  std::shared_ptr<const ObjectStore> store_;
  std::shared_ptr<BlobReaderPool> pool_;
  HistorySummary summary_;
  PathTable paths_;
};

} // namespace keysift::git
