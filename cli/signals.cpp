#include "cli/signals.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include <pthread.h>

namespace keysift::cli {
namespace {

std::stop_source& stop_source() {
  static std::stop_source source;
  return source;
}

std::atomic<int> received{0};

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// The watcher: the first signal requests the stop; the second ends the process the way
// the signal would have (its default action, so the shell sees 128 + N).
[[noreturn]] void watch() {
  const sigset_t set = stop_signals();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (received.exchange(sig) != 0) {
      // Neither call fails for SIGINT or SIGTERM; should the process outlive its own
      // signal all the same, it ends with the status a shell gives that signal's death.
      (void)std::signal(sig, SIG_DFL);
      pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
      (void)std::raise(sig);
      std::_Exit(128 + sig);
    }
    stop_source().request_stop();
  }
}

} // namespace

void install_signal_handling() {
  static std::once_flag once;
  std::call_once(once, [] {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr); // inherited by every thread started later
    std::thread(watch).detach();               // blocked in sigwait until the process ends
  });
}

std::stop_token stop_token() {
  return stop_source().get_token();
}

int stop_signal() {
  return received.load();
}

const char* signal_name(int sig) {
  if (sig == SIGINT) return "SIGINT";
  if (sig == SIGTERM) return "SIGTERM";
  return "a signal";
}

} // namespace keysift::cli
