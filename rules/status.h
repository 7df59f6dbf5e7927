// Status and Result<T>: how every keysift library reports failure (no exceptions cross a
// library boundary). It sits in rules/, the bottom layer, because the rule loader is the
// first code that needs it. Value types: not thread-safe to mutate, safe to copy.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace keysift {

class [[nodiscard]] Status {
public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message), {}); }
  // A failure that leaves part of an input unscanned, with the kind of gap it is
  // (namespace gap below: "unreadable", "missing-object", …).
  static Status error(std::string message, std::string kind) {
    return Status(std::move(message), std::move(kind));
  }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return is_ok(); }
  const std::string& message() const { return message_; }
  // The gap kind given to error(), or empty.
  const std::string& kind() const { return kind_; }

private:
  Status(std::string message, std::string kind)
      : message_(std::move(message)), kind_(std::move(kind)), failed_(true) {}
  std::string message_;
  std::string kind_;
  bool failed_ = false;
};

// Kinds of gap: why part of what was asked was not scanned (InputError::kind). A gap
// makes a scan incomplete (exit 3) unless `--allow-partial` names its kind. Skips by
// design ("binary", "allowlisted path", "symlink") are not gaps: ScanStats::skipped.
namespace gap {
inline constexpr const char* unreadable = "unreadable"; // permission, vanished, I/O error
inline constexpr const char* missing_object =
    "missing-object";                                         // a git object or image blob
inline constexpr const char* partial_clone = "partial-clone"; // blobs a partial clone lacks
inline constexpr const char* shallow = "shallow"; // history before a shallow clone's cut
inline constexpr const char* corrupt = "corrupt"; // truncated, malformed, digest mismatch
inline constexpr const char* limit = "limit";     // a safety limit stopped reading (bomb)
inline constexpr const char* unsupported = "unsupported"; // a format keysift cannot read
inline constexpr const char* interrupted = "interrupted"; // SIGINT/SIGTERM
inline constexpr const char* error = "error";             // anything else
// Not a gap but a failure of the run: the source could not run at all (exit 2).
inline constexpr const char* failed = "failed";
} // namespace gap

// Holds either a value or a failed Status.
template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}
  // A Result made from a Status is a failure: an ok Status here is a bug in the caller
  // (a `return st;` meant for a Status function), which must not read as success.
  Result(Status status)
      : v_(status.is_ok() ? Status::error("internal error: a result with no value")
                          : std::move(status)) {}

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(v_); }
  const std::string& error() const { return std::get<Status>(v_).message(); }

private:
  std::variant<T, Status> v_;
};

} // namespace keysift
