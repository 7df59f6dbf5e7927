// The progress line: its text, units, rate and ETA, redrawing in place at most four times
// a second, and erasing the line; with an injected clock and output, so no terminal and
// no sleeps.
#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "cli/progress.h"

using namespace keysift::cli;
using keysift::scanner::ProgressCounters;
using Time = std::chrono::steady_clock::time_point;
using std::chrono::milliseconds;

namespace {

// A clock the test moves by hand, and the writes a meter made.
struct Harness {
  Time now{};
  std::vector<std::string> writes;
  ProgressCounters counters;
  ProgressMeter meter(ProgressKind kind, std::size_t width = 200) {
    return ProgressMeter(
        kind, counters, [this] { return now; },
        [this](std::string_view s) { writes.emplace_back(s); }, width);
  }
};

} // namespace

TEST_CASE("sizes and durations in human units") {
  CHECK(human_bytes(0) == "0 B");
  CHECK(human_bytes(1023) == "1023 B");
  CHECK(human_bytes(1024) == "1.0 KiB");
  CHECK(human_bytes(1536) == "1.5 KiB");
  CHECK(human_bytes(5.5 * 1024 * 1024) == "5.5 MiB");
  CHECK(human_bytes(3.0 * 1024 * 1024 * 1024) == "3.0 GiB");
  CHECK(human_duration(0) == "0s");
  CHECK(human_duration(0.2) == "1s"); // rounded up: never "0s" while work is left
  CHECK(human_duration(59) == "59s");
  CHECK(human_duration(125) == "2m05s");
  CHECK(human_duration(3720) == "1h02m");
}

TEST_CASE("a directory scan: files of the total once listed, rate and ETA") {
  ProgressSnapshot s;
  s.inputs = 25;
  s.queued = 40;
  s.bytes = 10u << 20;
  CHECK(progress_text(ProgressKind::files, s, 2.0) ==
        "scanning 25 files (40 found), 10.0 MiB, 5.0 MiB/s");
  s.listed = true;
  s.queued = 100;
  // 25 of 100 in 2 s: 75 more at the same pace take 6 s.
  CHECK(progress_text(ProgressKind::files, s, 2.0) ==
        "scanning 25/100 files, 10.0 MiB, 5.0 MiB/s, ETA 6s");
  s.inputs = 100; // done: no ETA
  CHECK(progress_text(ProgressKind::files, s, 2.0) ==
        "scanning 100/100 files, 10.0 MiB, 5.0 MiB/s");
  CHECK(progress_text(ProgressKind::files, s, 0.0) == "scanning 100/100 files, 10.0 MiB");
}

TEST_CASE("a history: commits walked of those selected, blobs and bytes, no ETA") {
  ProgressSnapshot s;
  s.inputs = 7;
  s.bytes = 2048;
  CHECK(progress_text(ProgressKind::history, s, 1.0) ==
        "history: selecting commits, 7 blobs, 2.0 KiB, 2.0 KiB/s");
  s.commits = 300;
  s.commits_total = 1200;
  s.inputs = 5000;
  s.bytes = 3ull << 30;
  CHECK(progress_text(ProgressKind::history, s, 4.0) ==
        "history: 300/1200 commits walked, 5000 blobs, 3.0 GiB, 768.0 MiB/s");
}

TEST_CASE("a range: commits diffed of the range, files, ETA by commits") {
  ProgressSnapshot s;
  s.diffed = 4;
  s.commits_total = 12;
  s.inputs = 30;
  s.bytes = 1u << 20;
  CHECK(progress_text(ProgressKind::range, s, 1.0) ==
        "range: 4/12 commits, 30 files, 1.0 MiB, 1.0 MiB/s, ETA 2s");
}

TEST_CASE("an image: layers of those listed, files, ETA by layers") {
  ProgressSnapshot s;
  s.layers = 1;
  s.layers_total = 4;
  s.inputs = 90;
  s.bytes = 512;
  CHECK(progress_text(ProgressKind::image, s, 10.0) ==
        "image: 1/4 layers, 90 files, 512 B, 51 B/s, ETA 30s");
  CHECK(progress_text(ProgressKind::none, s, 10.0).empty());
}

TEST_CASE("the meter redraws in place at most every 250 ms and erases its line") {
  Harness h;
  auto meter = h.meter(ProgressKind::files);
  h.counters.queued = 3;
  CHECK(meter.draw());
  REQUIRE(h.writes.size() == 1);
  CHECK(h.writes[0] == "\r"
                       "scanning 0 files (3 found), 0 B\x1b[K");
  h.now += milliseconds(100);
  h.counters.inputs = 1;
  CHECK_FALSE(meter.draw()); // too soon
  h.now += milliseconds(150);
  h.counters.bytes = 4096;
  CHECK(meter.draw());
  REQUIRE(h.writes.size() == 2);
  CHECK(h.writes[1] == "\r"
                       "scanning 1 files (3 found), 4.0 KiB, 16.0 KiB/s\x1b[K");
  meter.clear();
  CHECK(h.writes.back() == "\r\x1b[K");
  meter.clear(); // nothing shown: nothing written
  CHECK(h.writes.size() == 3);
  // Once erased (another message was written), the line comes back at the next draw.
  h.now += milliseconds(1);
  CHECK(meter.draw());
  CHECK(h.writes.size() == 4);
}

TEST_CASE("a line wider than the terminal is cut to one column short of it") {
  Harness h;
  auto meter = h.meter(ProgressKind::history, 20);
  meter.draw();
  REQUIRE(h.writes.size() == 1);
  const std::string text = "history: selecting "; // 19 columns
  CHECK(h.writes[0] == "\r" + text + "\x1b[K");
}

TEST_CASE("the meter reads the counters the pipeline and sources update") {
  Harness h;
  auto meter = h.meter(ProgressKind::image);
  h.counters.account("layers", 3, true);
  h.counters.account("layers", 1, false);
  h.counters.account("images", 1, true);  // not shown
  h.counters.account("commits", 9, true); // a range's total is the command's
  CHECK(h.counters.commits_total == 0);
  h.counters.account("commits", 2, false);
  CHECK(h.counters.diffed == 2);
  CHECK(h.counters.commits == 0); // a history's walk counts those
  h.counters.add(h.counters.inputs, 12);
  h.now += milliseconds(1000);
  meter.draw();
  CHECK(h.writes.back() == "\r"
                           "image: 1/3 layers, 12 files, 0 B, 0 B/s, ETA 2s\x1b[K");
}

namespace {

// Writes from the display's thread and the test's, in order.
struct Terminal {
  std::mutex mu;
  std::vector<std::string> writes;
  ProgressMeter::Write write() {
    return [this](std::string_view s) {
      std::lock_guard lock(mu);
      writes.emplace_back(s);
    };
  }
};

} // namespace

TEST_CASE("the display draws at once and erases its line when stopped") {
  Terminal term;
  ProgressCounters counters;
  counters.commits_total = 10;
  ProgressDisplay display(ProgressMeter(
      ProgressKind::history, counters, [] { return Time{}; }, term.write(), 200));
  display.stop();
  display.stop(); // idempotent
  // The clock never moves: the thread has nothing to redraw.
  CHECK(term.writes ==
        std::vector<std::string>{"\r"
                                 "history: 0/10 commits walked, 0 blobs, 0 B\x1b[K",
                                 "\r\x1b[K"});
}

TEST_CASE("other output to the terminal goes out with the line erased") {
  Terminal term;
  ProgressCounters counters;
  ProgressDisplay display(ProgressMeter(
      ProgressKind::files, counters, [] { return Time{}; }, term.write(), 200));
  display.with_line_cleared([&] { term.write()("finding\n"); });
  display.stop();
  REQUIRE(term.writes.size() >= 3);
  CHECK(term.writes[1] == "\r\x1b[K");
  CHECK(term.writes[2] == "finding\n");
  // Whether or not the thread drew the line again meanwhile, none is left shown.
  CHECK((term.writes.size() == 3 || term.writes.back() == "\r\x1b[K"));
}
