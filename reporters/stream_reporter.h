// The base of every keysift reporter (internal to reporters/): it holds the output stream
// and the options, turns stream failures and exceptions into a Status, and stops writing
// after the first failure. Used by one thread; does not own the stream.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "reporters/reporter.h"

namespace keysift::reporters {

class StreamReporter : public Reporter {
public:
  StreamReporter(std::ostream& out, ReportOptions options)
      : out_(out), options_(std::move(options)) {}
  Status status() const override { return status_; }

protected:
  const ReportOptions& options() const { return options_; }

  // Writes `text`, then flushes when asked; a stream that goes bad is recorded.
  void write(std::string_view text, bool flush = false) noexcept;

  // Runs `body`, recording any exception it throws instead of letting it escape.
  template <class Body> void guarded(std::string_view what, Body&& body) noexcept {
    if (!status_.is_ok()) return;
    try {
      std::forward<Body>(body)();
    } catch (const std::exception& e) {
      fail(what, e.what());
    } catch (...) {
      fail(what, "unknown exception");
    }
  }

private:
  void fail(std::string_view what, std::string_view why) noexcept;

  std::ostream& out_;
  ReportOptions options_;
  Status status_;
};

} // namespace keysift::reporters
