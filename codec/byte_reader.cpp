#include "codec/byte_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <poll.h>
#include <unistd.h>

#include "rules/errno_text.h"

namespace keysift::codec {

Result<std::size_t> FdReader::read(char* out, std::size_t n) {
  if (prefix_used_ < prefix_.size()) {
    const std::size_t take = std::min(n, prefix_.size() - prefix_used_);
    std::memcpy(out, prefix_.data() + prefix_used_, take);
    prefix_used_ += take;
    if (prefix_used_ == prefix_.size()) prefix_ = std::string();
    return take;
  }
  if (stop_.stop_possible()) {
    pollfd p{fd_, POLLIN, 0};
    for (;;) {
      if (stop_.stop_requested()) return Status::error("interrupted", gap::interrupted);
      const int ready = ::poll(&p, 1, 200);
      if (ready > 0) break; // data, the end, or an error: read(2) says which
      if (ready < 0 && errno != EINTR) return Status::error(errno_text(errno));
    }
  }
  for (;;) {
    const ssize_t r = ::read(fd_, out, n);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) return Status::error(errno_text(errno));
  }
}

std::optional<std::string> read_small_file(const std::string& path,
                                           std::uintmax_t max_size) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > max_size) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)) ||
      in.peek() != std::ifstream::traits_type::eof())
    return std::nullopt;
  return bytes;
}

Result<std::size_t> read_full(ByteReader& reader, char* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    auto r = reader.read(out + got, n - got);
    if (!r) return r.status();
    if (*r == 0) break;
    got += *r;
  }
  return got;
}

} // namespace keysift::codec
