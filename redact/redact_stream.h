// redact_stream: runs a Redactor from an input to an output on several threads:
//   - a reader thread reads whatever has arrived. When input comes in bulk (more is
//     waiting after each read, as from a file or a fast producer), it cuts it into
//     blocks of about block_size bytes (at a line end when there is one) and hands them
//     to the scan workers, which scan them in block mode in parallel
//     (redact/redact_scan.h). When input trickles in (nothing more is waiting: a live
//     log), it scans what it has at once in stream mode, so a line goes out without
//     waiting for a block to fill. Right after a block, it waits up to `linger_ms` for
//     more before it does (a fast producer writing into a pipe often leaves it empty for
//     a moment; each switch from blocks to stream mode rescans `overlap` bytes);
//   - `workers` threads scan blocks, each with its own RedactScanner;
//   - the calling thread settles the batches in stream order and writes the output.
// The output does not depend on how the input arrived. Like Pipeline for scans, it owns
// the threads it starts and joins them before returning.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "redact/redactor.h"

namespace keysift::redact {

struct RedactStreamResult {
  Status status;
  bool output_closed = false; // the reader of the output went away (EPIPE)
};

struct RedactStreamOptions {
  std::size_t block_size = 2u << 20; // bulk input is scanned in blocks of about this
  std::size_t bulk_min = 256u << 10; // less than this waiting: stream mode
  unsigned workers = 0;              // block-scanning threads (0: one per core)
  int linger_ms = 1;                 // after a block: wait this long for more input
};

// Where redact_stream reads from.
class RedactInput {
public:
  virtual ~RedactInput() = default;
  // Reads what has arrived, at most `size` bytes, waiting for at least one (0: the end).
  // Returns 0 early once `stopped()` is true.
  virtual Result<std::size_t> read(char* buf, std::size_t size,
                                   const std::function<bool()>& stopped) = 0;
  // Whether more input is waiting (a read would return at once).
  virtual bool ready() = 0;
  // Whether more input arrives within `ms` milliseconds.
  virtual bool ready_within(int ms) = 0;
};

// Writes all of `pieces`, in order; returns 0 or an errno value.
using RedactWrite = std::function<int(const RedactPieces& pieces)>;

RedactStreamResult redact_stream(Redactor& redactor, RedactInput& in,
                                 const RedactWrite& write,
                                 const RedactStreamOptions& options = {});

// From file descriptor `in_fd` to `out_fd`.
RedactStreamResult redact_stream(Redactor& redactor, int in_fd, int out_fd,
                                 const RedactStreamOptions& options = {});

} // namespace keysift::redact
