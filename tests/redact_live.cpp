// End-to-end test of `keysift redact` as a live filter: this program plays the producer
// and the reader of a CI log. It starts `keysift redact` on two pipes and checks, without
// asserting any timing, that (1) a complete line comes out while the input stays open,
// (2) a secret written in two parts (two writes, with a pause so they arrive as two
// reads) is masked, (3) the line after it is released too, and (4) a last line without a
// newline comes out byte for byte at the end. Usage: redact_live KEYSIFT
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

namespace {

// A synthetic GitHub-style token (ghp_ + 30 base62 + base62 CRC32); never a real one.
std::string synthetic_token() {
  const std::string b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string body;
  for (unsigned i = 0; i < 30; ++i) body += b62[(i * 17 + 5) % 62];
  auto crc = static_cast<std::uint32_t>(crc32(
      0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  std::string check(6, '0');
  for (std::size_t i = 6; i-- > 0; crc /= 62) check[i] = b62[crc % 62];
  return "ghp_" + body + check;
}

int in_fd = -1, out_fd = -1;
std::string got; // everything read from keysift so far

bool put(const std::string& s) {
  return ::write(in_fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
}

// Reads until `got` ends with `want` (or 30 s pass: a failure, not a timing check).
bool await(const std::string& want) {
  for (int waited = 0; waited < 300 && !got.ends_with(want);) {
    pollfd p{out_fd, POLLIN, 0};
    if (::poll(&p, 1, 100) == 0) {
      ++waited;
      continue;
    }
    std::array<char, 4096> buf{};
    const ssize_t n = ::read(out_fd, buf.data(), buf.size());
    if (n <= 0) return false;
    got.append(buf.data(), static_cast<std::size_t>(n));
  }
  return got.ends_with(want);
}

bool fail(const char* what) {
  (void)std::fprintf(stderr, "FAIL %s\noutput so far: [%s]\n", what, got.c_str());
  return false;
}

bool converse() {
  const std::string token = synthetic_token();
  if (!put("build started\n") || !await("build started\n"))
    return fail("a complete line is released while stdin stays open");
  if (!put("export GH_TOKEN=" + token.substr(0, 20))) return fail("write");
  std::this_thread::sleep_for(std::chrono::milliseconds(200)); // two reads, not one
  if (!put(token.substr(20) + "\n") || !await("export GH_TOKEN=***REDACTED***\n"))
    return fail("a secret split across two writes is masked");
  if (!put("step 2 ok\n") || !await("step 2 ok\n")) return fail("the next line follows");
  if (!put("last line \xff without newline")) return fail("write");
  ::close(in_fd);
  if (!await("last line \xff without newline")) return fail("the last line, unchanged");
  return got == "build started\nexport GH_TOKEN=***REDACTED***\nstep 2 ok\n"
                "last line \xff without newline" ||
         fail("the whole output");
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int to_child[2], from_child[2];
  if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return 2;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(to_child[0], 0);
    ::dup2(from_child[1], 1);
    for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) ::close(fd);
    ::execl(argv[1], argv[1], "redact", static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  in_fd = to_child[1];
  out_fd = from_child[0];
  const bool ok = converse();
  if (in_fd >= 0) ::close(in_fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!ok) return 1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    (void)std::fprintf(stderr, "FAIL keysift redact exited with status %d\n", status);
    return 1;
  }
  std::puts("redact_live: all passed");
  return 0;
}
