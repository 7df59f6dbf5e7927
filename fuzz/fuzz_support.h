// Helpers shared by the fuzz targets (fuzz/README.md): invariant checks that crash the
// way libFuzzer notices, a compact rule set exercising every stage of the confirmer, and
// a cursor that takes structured choices from the front of an input. Not thread-safe;
// a fuzz target runs on one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "codec/byte_reader.h"
#include "scanner/compiled_rules.h"

namespace keysift::fuzz {

// Aborts with `what` when `ok` is false: a broken invariant is a crash to libFuzzer.
void check(bool ok, const char* what);

// Rules compiled once per process (no disk cache): a line-local token with \b at both
// ends, a multi-line block with a literal start, a keyword-and-entropy rule with an
// allowlist, a prefiltered rule, and a checksummed token (the base62-crc32 check).
std::shared_ptr<const scanner::CompiledRules> fuzz_rules();

// Takes small integers from the front of the input; the rest is the payload.
class Choices {
public:
  Choices(const std::uint8_t* data, std::size_t size)
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}
  // One byte (0 once the input is exhausted).
  std::uint8_t byte() { return at_ < size_ ? static_cast<std::uint8_t>(data_[at_++]) : 0; }
  // Two bytes, little-endian.
  std::uint16_t u16() {
    const std::uint16_t lo = byte();
    return static_cast<std::uint16_t>(lo | (byte() << 8));
  }
  std::string_view rest() const { return {data_ + at_, size_ - at_}; }

private:
  const char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// Serves bytes it owns, at most `step` bytes per read (how a pipe or a slow file hands
// out its data).
class MemoryReader final : public codec::ByteReader {
public:
  explicit MemoryReader(std::string bytes, std::size_t step = SIZE_MAX)
      : bytes_(std::move(bytes)), step_(step == 0 ? 1 : step) {}
  Result<std::size_t> read(char* out, std::size_t n) override;

private:
  std::string bytes_;
  std::size_t step_, at_ = 0;
};

// A copy of some bytes that ends exactly where readable memory ends: the next page is
// mapped without access, so a read even one byte past the end crashes at once instead of
// going unnoticed (uninstrumented libraries such as Hyperscan are invisible to ASan).
// One mapping is reused and grown as needed.
class GuardedBytes {
public:
  GuardedBytes() = default;
  GuardedBytes(const GuardedBytes&) = delete;
  GuardedBytes& operator=(const GuardedBytes&) = delete;
  ~GuardedBytes();
  // The copy of `bytes`; valid until the next call.
  std::string_view put(std::string_view bytes);

private:
  char* map_ = nullptr;
  std::size_t usable_ = 0; // bytes before the guard page
};

} // namespace keysift::fuzz
