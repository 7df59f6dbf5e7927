// Soak, in one process (issue 12, item 7): the same large input scanned 50 times through
// the library, as `keysift scan` and `keysift git` drive it (a Pipeline over a
// FilesystemSource, then over a HistorySource, with the built-in rules), must find the
// same thing every time and leave no trace: no file descriptor more, no memory growth.
//
// The input: 300 text files of 32 KiB (every tenth with a secret), an 8 MiB file streamed
// in slices (the stream threshold is lowered to 1 MiB), a gzip file of 4 MiB expanded,
// and a git repository of 40 commits, half packed and half loose.
//
// Memory: resident set size (/proc/self/statm) and the heap in use (mallinfo2) after 5
// warm-up runs and after the last. Tolerances: RSS 4 MiB, heap 512 KiB (measured on the
// Debug build: +64 KiB of RSS and +8 KiB of heap over the 45 runs). A run allocates and
// frees tens of MB; warm-up fills the allocator's per-thread arenas and caches (new
// worker threads every run reuse them), after which the heap returns to the same level.
// What the tolerances catch: keeping one 32 KiB file per run (45 runs: 1.4 MiB), 100
// bytes per input file per run (300 x 45 x 100 = 1.3 MiB), any chunk, read buffer or
// matcher scratch per run (1 MiB or more each). What they forgive: fragmentation, and
// leaks under ~10 bytes per file per run (LeakSanitizer's job, in the ASan build). Under
// ASan the memory checks are skipped (its quarantine holds 256 MiB of freed memory and
// grows the RSS for many runs); LeakSanitizer checks the same run for leaks at exit
// instead. Descriptors are checked in every build: exactly as many at the end.
#include <doctest/doctest.h>

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <zlib.h>

#include "git/history_source.h"
#include "git/test_repo.h"
#include "rules/builtin.h"
#include "scanner/compiled_rules.h"
#include "scanner/pipeline.h"
#include "scanner/sources/filesystem.h"
#include "scanner/test_rules.h"

#if defined(__SANITIZE_ADDRESS__)
#define KEYSIFT_SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KEYSIFT_SOAK_ASAN 1
#endif
#endif

using namespace keysift;
namespace fs = std::filesystem;

namespace {

constexpr int warm_up_runs = 5;
constexpr int total_runs = 50;
constexpr long rss_tolerance_kib = 4l * 1024;
constexpr long heap_tolerance_bytes = 512l << 10;

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  REQUIRE(static_cast<bool>(statm >> pages >> resident));
  return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

long heap_in_use() {
  const struct mallinfo2 m = ::mallinfo2();
  return static_cast<long>(m.uordblks + m.hblkhd);
}

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// A line of text that holds no secret, and one that holds a synthetic token.
std::string filler_line(std::size_t i) {
  return "line " + std::to_string(i) + ": the quick brown fox jumps over the lazy dog\n";
}

void write_text(const fs::path& p, std::size_t bytes, const std::string& secret) {
  std::ofstream out(p, std::ios::binary);
  std::size_t n = 0;
  for (std::size_t i = 0; n < bytes; ++i) {
    const std::string line =
        i == 7 && !secret.empty() ? "token = \"" + secret + "\"\n" : filler_line(i);
    out << line;
    n += line.size();
  }
}

void write_gzip(const fs::path& p, std::size_t bytes, const std::string& secret) {
  gzFile gz = ::gzopen(p.c_str(), "wb");
  REQUIRE(gz != nullptr);
  std::size_t n = 0;
  for (std::size_t i = 0; n < bytes; ++i) {
    const std::string line = i == 1000 ? "token = \"" + secret + "\"\n" : filler_line(i);
    ::gzwrite(gz, line.data(), static_cast<unsigned>(line.size()));
    n += line.size();
  }
  ::gzclose(gz);
}

struct Input {
  fs::path tree;
  git::testing::TempRepo repo;
  std::size_t tree_secrets = 0;
  std::size_t repo_secrets = 0;
};

void build(Input& in) {
  fs::create_directories(in.tree / "src");
  unsigned seed = 1;
  for (int i = 0; i < 300; ++i) {
    const bool secret = i % 10 == 0;
    write_text(in.tree / "src" / ("f" + std::to_string(i) + ".txt"), 32u << 10,
               secret ? git::testing::fake_token(seed++) : "");
    in.tree_secrets += secret ? 1 : 0;
  }
  write_text(in.tree / "big.log", 8u << 20, git::testing::fake_token(seed++));
  write_gzip(in.tree / "old.log.gz", 4u << 20, git::testing::fake_token(seed++));
  in.tree_secrets += 2;
  for (int c = 0; c < 40; ++c) {
    in.repo.write("app/config" + std::to_string(c % 7) + ".env",
                  "KEY=" + git::testing::fake_token(1000u + static_cast<unsigned>(c)) +
                      "\n");
    in.repo.write("app/notes.txt", std::string(static_cast<std::size_t>(c + 1) * 100, 'n'));
    in.repo.git("add -A");
    in.repo.git("commit -qm c" + std::to_string(c));
    if (c == 19) in.repo.git("gc -q"); // the first half packed, the rest loose
  }
  in.repo_secrets = 40;
}

std::shared_ptr<const scanner::CompiledRules> builtin_rules() {
  auto set = rules::load_builtin();
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  auto compiled = scanner::CompiledRules::compile(std::move(set).value(),
                                                  {scanner::testing::cache_dir()});
  REQUIRE_MESSAGE(compiled.is_ok(), compiled.status().message());
  return compiled.value();
}

// One run over each input, as the commands drive them; the findings counted.
std::pair<std::size_t, std::size_t>
scan_once(const Input& in, const std::shared_ptr<const scanner::CompiledRules>& rules) {
  scanner::PipelineOptions options;
  options.threads = 2;
  options.stream_threshold = 1u << 20;
  scanner::sources::FilesystemSource files({in.tree.string()});
  const auto tree = scanner::Pipeline(rules, options).run(files);
  CHECK(tree.errors.empty());
  git::HistoryOptions history_options;
  history_options.repo_path = in.repo.dir();
  history_options.tasks = options.threads;
  git::HistorySource history(history_options);
  const auto audit = scanner::Pipeline(rules, options).run(history);
  CHECK(audit.errors.empty());
  return {tree.findings.size(), audit.findings.size()};
}

} // namespace

TEST_CASE("50 scans in one process: the same findings, no descriptor or memory growth") {
  Input in;
  in.tree = fs::temp_directory_path() / ("keysift-soak-" + std::to_string(::getpid()));
  struct Remove {
    fs::path p;
    ~Remove() { fs::remove_all(p); }
  } remove{in.tree};
  build(in);
  const auto rules = builtin_rules();
  const auto start = std::chrono::steady_clock::now();
  long rss_warm = 0, heap_warm = 0;
  std::size_t fds_warm = 0;
  for (int run = 1; run <= total_runs; ++run) {
    const auto [tree, audit] = scan_once(in, rules);
    REQUIRE(tree == in.tree_secrets);
    REQUIRE(audit == in.repo_secrets);
    if (run == warm_up_runs) {
      rss_warm = rss_kib();
      heap_warm = heap_in_use();
      fds_warm = open_fds();
    }
  }
  const long rss_end = rss_kib();
  const long heap_end = heap_in_use();
  const std::size_t fds_end = open_fds();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("soak: " << total_runs << " runs in " << seconds << " s; RSS " << rss_warm
                   << " -> " << rss_end << " KiB; heap " << heap_warm << " -> " << heap_end
                   << " B; fds " << fds_warm << " -> " << fds_end);
  CHECK(fds_end == fds_warm);
#ifndef KEYSIFT_SOAK_ASAN
  CHECK(rss_end - rss_warm <= rss_tolerance_kib);
  CHECK(heap_end - heap_warm <= heap_tolerance_bytes);
#endif
}
