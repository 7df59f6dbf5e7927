// How a scan is stopped from outside. SIGINT and SIGTERM request a stop through the token
// below, which the scanning commands hand to the pipeline: the run ends promptly, the
// report is still written and says the scan was interrupted, and the exit code is never
// 0. A second signal ends the process at once, the way the signal would have.
//
// Nothing runs in a signal handler: install_signal_handling(), called by a scanning
// command before it starts any thread, blocks the two signals (threads started later
// inherit the mask) and starts one thread that waits for them with sigwait(2). Commands
// that do not call it (redact, a log filter that ends with its input) keep the default
// actions. Idempotent and thread-safe.
#pragma once

#include <stop_token>

namespace keysift::cli {

void install_signal_handling();

// Requested when SIGINT or SIGTERM arrives.
std::stop_token stop_token();

// The signal that requested the stop (0: none yet).
int stop_signal();

// "SIGINT", "SIGTERM", or "a signal".
const char* signal_name(int sig);

} // namespace keysift::cli
