// The json format: one pretty-printed object {"findings", "errors", "stats"} written by
// finish(). Used by one thread; does not own the stream.
#pragma once

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class JsonReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

} // namespace keysift::reporters
