// The progress line a long scan draws on a terminal's stderr: what it says
// (progress_text), drawing it in place at most four times a second (ProgressMeter, with an
// injected clock and output so that tests need no terminal and no sleeps), and the thread
// that owns the line while a scan runs (ProgressDisplay). Whether to show it at all (a
// terminal, --no-progress, CI) is decided by the command (cli/report.cpp).
//
// Thread-safety: progress_text and the formatting helpers are pure. A ProgressMeter is
// used by one thread at a time. A ProgressDisplay is made and stopped by one thread; its
// own thread draws; with_line_cleared may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "scanner/progress.h"

namespace keysift::cli {

// What the run is, which decides what its line counts.
enum class ProgressKind {
  none,    // no progress line (a pre-commit check: milliseconds)
  files,   // files and directories: files done of those listed, bytes
  history, // a git history: commits walked of those selected, blobs read, bytes
  range,   // a range of commits (a gate, a push): commits diffed of the range, bytes
  image,   // images: layers done of those listed, files, bytes
};

// One reading of the counters.
struct ProgressSnapshot {
  std::uint64_t inputs = 0, bytes = 0, queued = 0;
  bool listed = false;
  std::uint64_t commits = 0, commits_total = 0, diffed = 0, layers = 0, layers_total = 0;

  static ProgressSnapshot of(const scanner::ProgressCounters& counters);
};

// "12.3 MiB" (binary units, as --max-size takes them; bytes below 1 KiB exactly).
std::string human_bytes(double bytes);
// "9s", "2m05s", "1h02m" (whole seconds, rounded up: an ETA never says 0s too early).
std::string human_duration(double seconds);
// The line's text, `elapsed` seconds into the run: what is done (of its total when the
// total is known), the rate, and an ETA when a total is known. ASCII, no control
// characters.
std::string progress_text(ProgressKind kind, const ProgressSnapshot& s, double elapsed);

class ProgressMeter {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Write = std::function<void(std::string_view)>;
  static constexpr std::chrono::milliseconds interval{250};

  // `counters` must outlive the meter; `width` is the terminal's (the line is cut to
  // fit: a wrapped line could not be redrawn in place).
  ProgressMeter(ProgressKind kind, const scanner::ProgressCounters& counters, Clock clock,
                Write write, std::size_t width);
  // Redraws the line in place ("\r", the text, erase to the end of the line) unless it
  // was drawn less than `interval` ago. Returns whether it drew.
  bool draw();
  // Erases the line if one is shown (before any other output, and at the end).
  void clear();

private:
  ProgressKind kind_;
  const scanner::ProgressCounters& counters_;
  Clock clock_;
  Write write_;
  std::size_t width_;
  std::chrono::steady_clock::time_point started_, last_;
  bool drawn_ = false, shown_ = false;
};

// Owns the terminal line while a scan runs: its thread draws once at start and then
// whenever `interval` passes (a timed wait on a condition variable, which stop() cuts
// short), and stop() erases the line before it returns.
class ProgressDisplay {
public:
  explicit ProgressDisplay(ProgressMeter meter);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Ends the thread and erases the line; idempotent.
  void stop();
  // Runs `write` (output to the same terminal) with the line erased; the next tick
  // draws it again.
  void with_line_cleared(const std::function<void()>& write);

private:
  void loop();

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  ProgressMeter meter_;
  std::thread thread_;
};

// The terminal's width in columns (80 when it does not say).
std::size_t terminal_width(int fd);

} // namespace keysift::cli
