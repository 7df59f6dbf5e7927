// redact_stream: runs a Redactor from one file descriptor to another on two threads —
// a reader thread that read(2)s whatever has arrived and runs the scan stage, and the
// calling thread that settles and write(2)s — joined by a small bounded queue. Like
// Pipeline for scans, it owns the threads it starts and joins them before returning.
#pragma once

#include <cstdint>

#include "scanner/redactor.h"

namespace keysift::scanner {

struct RedactStreamResult {
  Status status;
  bool output_closed = false; // the reader of `out_fd` went away (EPIPE)
};

RedactStreamResult redact_stream(Redactor& redactor, int in_fd, int out_fd);

} // namespace keysift::scanner
