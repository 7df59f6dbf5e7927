// TaskContext: what a task chunk (Chunk::task) gets from the worker that runs it. A task
// is work a source hands to the pipeline's workers when bytes alone do not say what to
// scan: the git history audit's pack walks read and scan many blobs per task with the
// worker's Matcher, and hand what they find and count to the pipeline's collector through
// this context. A context belongs to one worker thread and is used by the task running
// on it only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/confirmer.h"
#include "scanner/finding.h"
#include "scanner/gate.h"
#include "scanner/matcher.h"
#include "scanner/progress.h"

namespace keysift::scanner {

class TaskContext {
public:
  virtual ~TaskContext() = default;
  virtual Matcher& matcher() = 0;
  virtual const Confirmer& confirmer() const = 0;
  // The run's gate (scanner/gate.h): a task asks it about the inputs it reads itself.
  virtual const Gate& gate() const = 0;
  // Hands findings to the collector; `findings` is left empty.
  virtual void found(std::vector<Finding>& findings) = 0;
  // Counts inputs scanned whole and their bytes.
  virtual void scanned(std::uint64_t inputs, std::uint64_t bytes) = 0;
  virtual void skipped(const std::string& path, const std::string& reason) = 0;
  virtual void error(InputError error) = 0;
  // The run's progress counters (scanner/progress.h), or null when nobody watches; a
  // task that reads many inputs reports each one as it goes (`inputs` finished, `bytes`
  // scanned), a source that walks more than inputs updates its own counters.
  virtual ProgressCounters* progress() { return nullptr; }
  virtual void progressed(std::uint64_t /*inputs*/, std::uint64_t /*bytes*/) {}
};

} // namespace keysift::scanner
