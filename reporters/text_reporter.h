// The text format, for people: one block per finding (rule and severity, path:line:column,
// the line with the secret marked, description, fingerprint, provenance), then the input
// errors and a one-line summary, all written by finish(). Everything taken from the input
// is made terminal-safe first, so a scanned file cannot send escape sequences to the
// terminal; ANSI colours are written only when options.color. Used by one thread; does
// not own the stream.
#pragma once

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class TextReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

} // namespace keysift::reporters
