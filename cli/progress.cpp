#include "cli/progress.h"

#include <cmath>

#include <fmt/format.h>
#include <sys/ioctl.h>

namespace keysift::cli {

ProgressSnapshot ProgressSnapshot::of(const scanner::ProgressCounters& c) {
  constexpr auto r = std::memory_order_relaxed;
  ProgressSnapshot s;
  // The total first: read after the count, a count could pass a total read before it.
  s.listed = c.listed.load(std::memory_order_acquire);
  s.queued = c.queued.load(r);
  s.inputs = c.inputs.load(r);
  s.bytes = c.bytes.load(r);
  s.commits_total = c.commits_total.load(r);
  s.commits = c.commits.load(r);
  s.diffed = c.diffed.load(r);
  s.layers_total = c.layers_total.load(r);
  s.layers = c.layers.load(r);
  return s;
}

std::string human_bytes(double bytes) {
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024) return fmt::format("{} B", static_cast<std::uint64_t>(bytes));
  std::size_t unit = 0;
  bytes /= 1024;
  while (bytes >= 1024 && unit + 1 < std::size(units)) {
    bytes /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", bytes, units[unit]);
}

std::string human_duration(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::ceil(std::max(seconds, 0.0)));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
}

namespace {

// "done/total NOUN" when the total is known, else "done NOUN".
std::string count_of(std::uint64_t done, std::uint64_t total, std::string_view noun) {
  return total > 0 ? fmt::format("{}/{} {}", done, total, noun)
                   : fmt::format("{} {}", done, noun);
}

// The time left at the rate so far, when `total` is known and some of it is done.
std::string eta(std::uint64_t done, std::uint64_t total, double elapsed) {
  if (done == 0 || total <= done || elapsed <= 0) return {};
  const double left =
      elapsed * static_cast<double>(total - done) / static_cast<double>(done);
  return ", ETA " + human_duration(left);
}

} // namespace

std::string progress_text(ProgressKind kind, const ProgressSnapshot& s, double elapsed) {
  std::string line;
  std::string tail;
  switch (kind) {
  case ProgressKind::none:
    return {};
  case ProgressKind::files:
    line = s.listed ? "scanning " + count_of(s.inputs, s.queued, "files")
                    : fmt::format("scanning {} files ({} found)", s.inputs, s.queued);
    if (s.listed) tail = eta(s.inputs, s.queued, elapsed);
    break;
  case ProgressKind::history:
    // Blobs are read while the walk goes on; how many the history holds is known only
    // once it is done, so no total and no ETA for them.
    line = s.commits_total > 0
               ? "history: " + count_of(s.commits, s.commits_total, "commits walked")
               : std::string("history: selecting commits");
    line += fmt::format(", {} blobs", s.inputs);
    break;
  case ProgressKind::range:
    line = "range: " + count_of(s.diffed, s.commits_total, "commits");
    line += fmt::format(", {} files", s.inputs);
    tail = eta(s.diffed, s.commits_total, elapsed);
    break;
  case ProgressKind::image:
    line = "image: " + count_of(s.layers, s.layers_total, "layers");
    line += fmt::format(", {} files", s.inputs);
    tail = eta(s.layers, s.layers_total, elapsed);
    break;
  }
  line += ", " + human_bytes(static_cast<double>(s.bytes));
  if (elapsed > 0)
    line += ", " + human_bytes(static_cast<double>(s.bytes) / elapsed) + "/s";
  return line + tail;
}

ProgressMeter::ProgressMeter(ProgressKind kind, const scanner::ProgressCounters& counters,
                             Clock clock, Write write, std::size_t width)
    : kind_(kind), counters_(counters), clock_(std::move(clock)), write_(std::move(write)),
      width_(width), started_(clock_()), last_(started_) {}

bool ProgressMeter::draw() {
  const auto now = clock_();
  if (drawn_ && now - last_ < interval) return false;
  drawn_ = true;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  std::string text = progress_text(kind_, ProgressSnapshot::of(counters_), elapsed);
  // One column short of the width: a line that fills it moves some terminals' cursor to
  // the next line, and "\r" would then redraw below it.
  if (width_ > 1 && text.size() >= width_) text.resize(width_ - 1);
  write_("\r" + text + "\x1b[K");
  shown_ = true;
  return true;
}

void ProgressMeter::clear() {
  if (!shown_) return;
  write_("\r\x1b[K");
  shown_ = false;
  drawn_ = false; // the next draw is due at once: the line is gone
}

ProgressDisplay::ProgressDisplay(ProgressMeter meter) : meter_(std::move(meter)) {
  meter_.draw();
  thread_ = std::thread([this] { loop(); });
}

ProgressDisplay::~ProgressDisplay() {
  stop();
}

void ProgressDisplay::loop() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, ProgressMeter::interval, [&] { return stopping_; }))
    meter_.draw();
}

void ProgressDisplay::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  meter_.clear();
}

void ProgressDisplay::with_line_cleared(const std::function<void()>& write) {
  std::lock_guard lock(mu_);
  meter_.clear();
  write();
}

std::size_t terminal_width(int fd) {
  struct winsize ws {};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

} // namespace keysift::cli
