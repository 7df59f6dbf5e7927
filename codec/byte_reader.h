// ByteReader: a pull-based byte stream (a file descriptor, a decompressor, an entry of
// an archive). The pipeline streams any ByteReader through a worker's StreamScan, so an
// input too large to hold in memory never needs to be. One thread at a time; a reader
// owns whatever it wraps unless its constructor says otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include "rules/status.h"

namespace keysift::codec {

class ByteReader {
public:
  virtual ~ByteReader() = default;
  // Reads up to `n` bytes into `out`; 0 means the end. May return fewer bytes than asked
  // (whatever is available now) without being at the end.
  virtual Result<std::size_t> read(char* out, std::size_t n) = 0;
};

// Reads a file descriptor it does not own, after first returning `prefix` (bytes already
// read from it). Each read() returns as soon as read(2) returns data. Given a stop token
// that can be stopped, a read that would wait (a silent pipe, a terminal) wakes every
// 200 ms to look at it and fails with an "interrupted" gap once a stop is requested.
class FdReader final : public ByteReader {
public:
  explicit FdReader(int fd, std::string prefix = {}, std::stop_token stop = {})
      : fd_(fd), prefix_(std::move(prefix)), stop_(std::move(stop)) {}
  Result<std::size_t> read(char* out, std::size_t n) override;

private:
  int fd_;
  std::string prefix_;
  std::size_t prefix_used_ = 0;
  std::stop_token stop_;
};

// Fills `out` with up to `n` bytes, calling reader.read() until `n` bytes or the end.
Result<std::size_t> read_full(ByteReader& reader, char* out, std::size_t n);

// A whole file in one read(2) sized by its length (cache entries, git's index); nullopt
// when it cannot be read, is larger than `max_size`, or changed size while read.
std::optional<std::string> read_small_file(const std::string& path,
                                           std::uintmax_t max_size);

} // namespace keysift::codec
