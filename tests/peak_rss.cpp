// peak_rss REPORT COMMAND [ARGS...]: runs COMMAND, writes its peak resident set size
// (KiB, from wait4) to the file REPORT and exits as COMMAND did (a command killed by a
// signal makes peak_rss exit 128 + the signal's number).
//
// Why not measure from Python: a child forked (or vforked) from the test process starts
// from that process's memory, and Linux folds the old address space's high-water mark
// into the new program's peak at exec. A test that built a 256 MiB input would see every
// later keysift run peak at 256 MiB. This program is small, so what it reports is the
// command's own peak within a megabyte or two. If peak_rss is killed (a test's timeout),
// the command is killed with it.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    (void)std::fprintf(stderr, "usage: peak_rss REPORT COMMAND [ARGS...]\n");
    return 125;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("peak_rss: fork");
    return 125;
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(125); // the parent died before prctl took effect
    ::execvp(argv[2], argv + 2);
    std::perror("peak_rss: exec"); // the child alone runs here
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR) {
      std::perror("peak_rss: wait4");
      return 125;
    }
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr || std::fprintf(out, "%ld\n", usage.ru_maxrss) < 0 ||
      std::fclose(out) != 0) {
    std::perror("peak_rss: report");
    return 125;
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
