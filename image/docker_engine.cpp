#include "image/docker_engine.h"

#include "rules/errno_text.h"
#include "scanner/finding.h"

#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace keysift::image {
namespace {

constexpr std::size_t max_header_bytes = std::size_t{64} * 1024;

class Socket {
public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

private:
  int fd_;
};

// Buffered reading from the engine, giving up after `idle` seconds of silence.
class Reader {
public:
  Reader(int fd, int idle) : fd_(fd), idle_ms_(idle * 1000) {}

  // More bytes into buf_; false at the end of the stream; an error on failure.
  Result<bool> fill() {
    pollfd p{fd_, POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, idle_ms_);
    } while (ready < 0 && errno == EINTR);
    if (ready == 0)
      return Status::error(
          fmt::format("the engine sent nothing for {} s", idle_ms_ / 1000));
    char chunk[64 * 1024];
    ssize_t n = 0;
    do {
      n = ::read(fd_, chunk, sizeof chunk);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
      return Status::error(std::string("reading from the engine: ") + errno_text(errno));
    buf_.append(chunk, static_cast<std::size_t>(n));
    return n > 0;
  }

  // A line ending in CRLF (without it); an error past `max` bytes or at the end.
  Result<std::string> line(std::size_t max) {
    while (true) {
      if (const auto at = buf_.find("\r\n"); at != std::string::npos) {
        std::string out = buf_.substr(0, at);
        buf_.erase(0, at + 2);
        return out;
      }
      if (buf_.size() > max)
        return Status::error("the engine's answer has an overlong line");
      auto more = fill();
      if (!more) return more.status();
      if (!*more) return Status::error("the engine closed the connection mid-answer");
    }
  }

  // Exactly `n` bytes (or up to the end when `to_end`) into `out`.
  Status copy(std::uint64_t n, bool to_end, SpoolFile* out, std::string* text) {
    while (to_end || n > 0) {
      if (buf_.empty()) {
        auto more = fill();
        if (!more) return more.status();
        if (!*more)
          return to_end ? Status::ok() : Status::error("the engine's answer is cut short");
      }
      const std::size_t take =
          to_end ? buf_.size()
                 : static_cast<std::size_t>(std::min<std::uint64_t>(n, buf_.size()));
      if (out) {
        if (auto st = out->write(std::string_view(buf_.data(), take)); !st) return st;
      } else if (text->size() < max_header_bytes) {
        text->append(buf_, 0, take);
      }
      buf_.erase(0, take);
      n -= take;
    }
    return Status::ok();
  }

private:
  int fd_;
  int idle_ms_;
  std::string buf_;
};

struct Head {
  int status = 0;
  bool chunked = false;
  std::int64_t length = -1; // -1: until the connection closes
};

// A decimal number, nothing else but spaces around it ("200", " 1234 ").
bool decimal(std::string_view s, std::int64_t& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.empty() || s.front() < '0' || s.front() > '9') return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

Result<Head> read_head(Reader& in) {
  auto status = in.line(max_header_bytes);
  if (!status) return status.status();
  Head head;
  // "HTTP/1.1 200 OK": from_chars and a check, not sscanf, which reports no overflow.
  std::int64_t code = 0;
  if (!status->starts_with("HTTP/1.") || status->size() < 12 || (*status)[7] < '0' ||
      (*status)[7] > '9' || (*status)[8] != ' ' ||
      !decimal(std::string_view(*status).substr(9, 3), code))
    return Status::error("not an HTTP answer: " + status->substr(0, 80));
  head.status = static_cast<int>(code);
  while (true) {
    auto line = in.line(max_header_bytes);
    if (!line) return line.status();
    if (line->empty()) return head;
    std::string lower = *line;
    for (char& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.starts_with("transfer-encoding:") &&
        lower.find("chunked") != std::string::npos)
      head.chunked = true;
    // A length that is not a number (or overflows) is an error, not atoll's guess.
    if (lower.starts_with("content-length:") &&
        !decimal(std::string_view(*line).substr(15), head.length))
      return Status::error("bad Content-Length: " + line->substr(0, 80));
  }
}

Status read_body(Reader& in, const Head& head, SpoolFile* out, std::string* text) {
  if (!head.chunked)
    return in.copy(head.length < 0 ? 0 : static_cast<std::uint64_t>(head.length),
                   head.length < 0, out, text);
  while (true) {
    auto size_line = in.line(1024);
    if (!size_line) return size_line.status();
    char* end = nullptr;
    const unsigned long long size = std::strtoull(size_line->c_str(), &end, 16);
    if (end == size_line->c_str())
      return Status::error("a malformed chunk in the engine's answer");
    if (size == 0) return Status::ok(); // trailers, if any, are not read
    if (auto st = in.copy(size, false, out, text); !st) return st;
    auto crlf = in.line(2);
    if (!crlf || !crlf->empty())
      return Status::error("a malformed chunk in the engine's answer");
  }
}

std::string engine_message(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("message") && json["message"].is_string())
    return json["message"].get<std::string>();
  return body.substr(0, 200);
}

} // namespace

Result<std::string> engine_socket(const std::string& docker_host) {
  if (docker_host.empty()) return std::string("/var/run/docker.sock");
  if (docker_host.starts_with("unix://")) return docker_host.substr(7);
  return Status::error("DOCKER_HOST=" + docker_host +
                       ": keysift reads only a local engine through a unix:// socket");
}

std::string engine_save_path(const std::string& name) {
  std::string out = "/images/";
  for (const char c : name) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                       c == '.' || c == '_' || c == '~';
    out +=
        plain ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out + "/get";
}

Status save_from_engine(const std::string& socket_path, const std::string& name,
                        SpoolFile& out, int idle_seconds) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof addr.sun_path)
    return Status::error(socket_path + ": socket path too long");
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  Socket sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (sock.fd() < 0) return Status::error(std::string("socket: ") + errno_text(errno));
  if (::connect(sock.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
    return Status::error("no Docker engine at " + socket_path + ": " + errno_text(errno) +
                         " (DOCKER_HOST names another socket)");
  const std::string request = fmt::format(
      "GET {} HTTP/1.1\r\nHost: docker\r\nUser-Agent: keysift\r\nConnection: close\r\n\r\n",
      engine_save_path(name));
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n =
        ::send(sock.fd(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return Status::error(std::string("writing to the engine: ") + errno_text(errno));
    sent += static_cast<std::size_t>(n);
  }
  Reader in(sock.fd(), idle_seconds);
  auto head = read_head(in);
  if (!head) return head.status();
  if (head->status != 200) {
    std::string body;
    (void)read_body(in, *head, nullptr, &body);
    if (head->status == 404)
      return Status::error("the engine has no image '" + name + "'",
                           scanner::gap::missing_object);
    return Status::error(
        fmt::format("the engine answered {}: {}", head->status, engine_message(body)));
  }
  return read_body(in, *head, &out, nullptr);
}

} // namespace keysift::image
