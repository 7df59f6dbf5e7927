// What HistorySource's tasks share (git/history_source.cpp runs them,
// git/history_join.cpp puts their results together). Private to those two files.
// Thread-safety: the walk task alone writes selection, blobs (apart from number_of, read
// by the scans), paths and messages; the scan tasks write results (distinct numbers); plans
// are built before any scan task reads them. `mu` guards the flags and counters below it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "git/blob_index.h"
#include "git/history_scan.h"
#include "git/history_source.h"
#include "git/message_scan.h"
#include "git/pack_scan.h"
#include "git/tree_walk.h"

namespace keysift::git {

struct HistorySource::State {
  HistoryOptions options;
  std::shared_ptr<const ObjectStore> store;
  std::unique_ptr<BlobIndex> blobs;
  std::unique_ptr<BlobResults> results;
  std::vector<std::unique_ptr<PackPlan>> plans;
  CommitSelection selection;
  PathTable paths;
  HistorySummary summary;
  Status walk_status;
  std::vector<scanner::InputError> walk_errors; // trees the walk could not read
  std::uint64_t commits_covered = 0;            // commits whose trees were walked whole
  MessageResults messages;                      // commit and tag messages (the walk's)
  std::atomic<bool> walked{false}; // the walk is done: blobs->wanted() may be read

  std::mutex mu;
  std::condition_variable changed;
  bool plans_ready = false;
  unsigned running = 0; // tasks pushed and not yet finished

  // Marks one task finished.
  void task_done() {
    std::lock_guard lock(mu);
    --running;
    changed.notify_all();
  }
};

} // namespace keysift::git
