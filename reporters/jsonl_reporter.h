// The jsonl format: one finding object per line (the json format's finding fields),
// written and flushed as each finding is confirmed, so a consumer sees findings while the
// scan runs. The order is the order of on_finding calls, not the sorted order. finish()
// writes nothing (errors and statistics go to stderr, from the CLI). Used by one thread;
// does not own the stream.
#pragma once

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class JsonlReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

} // namespace keysift::reporters
