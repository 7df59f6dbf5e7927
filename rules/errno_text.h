// errno_text(): the message for an errno value, for the errors a Status carries. Safe to
// call from any thread, unlike std::strerror, which may write a buffer every thread
// shares (glibc does for a value it does not know; clang-tidy's concurrency-mt-unsafe).
// libstdc++'s std::generic_category().message() is no help: it calls strerror.
#pragma once

#include <cstring>
#include <string>

namespace keysift {

namespace detail {
// strerror_r has two forms: GNU's returns the message (in buf or a static string), the
// XSI one an error number.
inline std::string strerror_result(const char* message, const char*) {
  return message;
}
inline std::string strerror_result(int rc, const char* buf) {
  return rc == 0 ? buf : "unknown error";
}
} // namespace detail

inline std::string errno_text(int err) {
  char buf[256] = "";
  return detail::strerror_result(::strerror_r(err, buf, sizeof buf), buf);
}

} // namespace keysift
