// Pipeline: owns every thread of a scan. The calling thread runs the Source; N workers
// pop chunks from a bounded queue, each with its own Matcher, ask the run's Gate whether
// each input is scanned at all, and hand findings to one mutex-guarded collector. The
// report it returns is sorted, so output never depends on thread timing. Not copyable;
// run() is called once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>

#include "scanner/compiled_rules.h"
#include "scanner/confirmer.h"
#include "scanner/gate.h"
#include "scanner/progress.h"
#include "scanner/source.h"

namespace keysift::scanner {

struct PipelineOptions {
  unsigned threads = 0;                         // 0: all cores
  GateOptions gate;                             // what the run skips (scanner/gate.h)
  std::uint64_t stream_threshold = 64ull << 20; // larger files are streamed
  std::size_t slice_size = 1u << 20;            // stream slice
  std::size_t queue_chunks = 1024;              // bounded queue: chunks …
  std::size_t queue_bytes = 64u << 20;          // … and bytes held
  int decode_depth = 2; // layers of base64/hex/percent encoding undone in block scans
  ProgressCounters* progress =
      nullptr; // when set, counted as the run goes (scanner/progress.h)
};

// Called under the collector's lock as each finding is confirmed (streaming output), with
// the report so far: its rules and catalog describe what the finding refers to.
using FindingCallback = std::function<void(const Finding&, const ScanReport&)>;

class Pipeline {
public:
  Pipeline(std::shared_ptr<const CompiledRules> rules, PipelineOptions options);
  // A stop requested through `stop` ends the run early: the source's push() returns
  // false, queued chunks are dropped, a worker streaming an input gives up at its next
  // slice (or, reading a silent pipe, within 200 ms), and the report carries an
  // "interrupted" gap, so the run never counts as complete.
  ScanReport run(Source& source, const FindingCallback& on_finding = {},
                 const std::stop_token& stop = {});

private:
  std::shared_ptr<const CompiledRules> rules_;
  Confirmer confirmer_;
  PipelineOptions options_;
  Gate gate_;
};

} // namespace keysift::scanner
