#include "reporters/stream_reporter.h"

#include <ios>

namespace keysift::reporters {

void StreamReporter::write(std::string_view text, bool flush) noexcept {
  guarded("cannot write the report", [&] {
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (flush) out_.flush();
    if (!out_) fail("cannot write the report", "the output stream failed");
  });
}

void StreamReporter::fail(std::string_view what, std::string_view why) noexcept {
  if (!status_.is_ok()) return;
  try {
    std::string message(what);
    message += ": ";
    message += why;
    status_ = Status::error(std::move(message));
  } catch (...) {
    // Out of memory while building the message. A text this short fits the string's
    // inline buffer, so this allocates nothing and still marks the failure.
    status_ = Status::error("report failed");
  }
}

} // namespace keysift::reporters
