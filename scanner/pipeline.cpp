#include "scanner/pipeline.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec/decompress.h"
#include "rules/errno_text.h"
#include "scanner/pipeline_run.h"
#include "scanner/scan.h"
#include "scanner/task.h"

namespace keysift::scanner {

using codec::ByteReader;
using codec::Compression;
using codec::DecompressReader;
using codec::detect_compression;
using codec::FdReader;
using codec::read_full;
using detail::Run;

namespace {

// Closes a file descriptor it owns.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd > 2) ::close(fd);
  }
};

// One worker's tools: its Matcher and a reusable read buffer; a task's context.
class Worker final : public TaskContext {
public:
  Worker(std::shared_ptr<const CompiledRules> rules, const Confirmer& confirmer,
         const PipelineOptions& options, Run& run, std::stop_token stop)
      : matcher_(std::move(rules)), confirmer_(confirmer), options_(options), run_(run),
        stop_(std::move(stop)) {}

  void loop() {
    Chunk chunk;
    while (run_.pop(chunk)) {
      const bool input = !chunk.task; // counted once finished, whatever became of it
      if (input && skipped_whole(chunk)) {
        chunk = Chunk(); // a lent reader goes back to its source now
        progressed(1, 0);
        continue;
      }
      if (chunk.reader) {
        scan_stream(chunk, *chunk.reader);
        chunk.reader.reset(); // the source may be waiting for it
      } else if (chunk.task) {
        chunk.task(*this);
        chunk.task = nullptr; // what it holds goes now, not at the next pop
      } else if (chunk.load)
        load_and_scan(chunk);
      else if (chunk.file.empty())
        scan_data(chunk);
      else
        scan_file(chunk);
      if (input) progressed(1, 0);
    }
    run_.add_stats(files_, bytes_);
  }

  Matcher& matcher() override { return matcher_; }
  const Confirmer& confirmer() const override { return confirmer_; }
  const Gate& gate() const override { return run_.gate(); }
  void found(std::vector<Finding>& findings) override { run_.found(findings); }
  void scanned(std::uint64_t inputs, std::uint64_t bytes) override {
    files_ += inputs;
    bytes_ += bytes;
  }
  void skipped(const std::string& path, const std::string& reason) override {
    run_.skipped(path, reason);
  }
  void error(InputError e) override { run_.error(std::move(e)); }
  ProgressCounters* progress() override { return options_.progress; }
  void progressed(std::uint64_t inputs, std::uint64_t bytes) override {
    if (!options_.progress) return;
    if (inputs) options_.progress->add(options_.progress->inputs, inputs);
    if (bytes) options_.progress->add(options_.progress->bytes, bytes);
  }

private:
  // Asks the gate about `c` knowing `what`; a skip is counted under its reason.
  bool skipped_by_gate(const Chunk& c, const GateInput& what, const char* suffix = "") {
    const Skip skip = run_.gate().judge(what);
    if (skip == Skip::none) return false;
    run_.skipped(std::string(path_of(c)), std::string(skip_reason(skip)) + suffix);
    return true;
  }
  // What is known of an input before it is read: its path, and its size when its bytes
  // are at hand or its source declared it. Its content is judged once read.
  bool skipped_whole(const Chunk& c) {
    GateInput what;
    if (c.origin) what.path = Gate::path_of(c.origin->where);
    if (c.size)
      what.size = c.size;
    else if (!c.reader && !c.load && c.file.empty())
      what.size = c.data.size();
    return skipped_by_gate(c, what);
  }

  // A failure that leaves `c` unscanned: `kind` says which gap, unless the status
  // names its own.
  void fail(const Chunk& c, const Status& st, const char* kind) {
    run_.error(InputError{std::string(path_of(c)), st.message(),
                          st.kind().empty() ? kind : st.kind()});
  }
  void fail(const Chunk& c, const std::string& reason, const char* kind) {
    run_.error(InputError{std::string(path_of(c)), reason, kind});
  }
  static std::string_view path_of(const Chunk& c) {
    return c.origin ? scanner::path_of(c.origin->where) : std::string_view();
  }

  void load_and_scan(Chunk& c) {
    auto data = c.load();
    if (!data) return fail(c, data.status(), gap::unreadable);
    c.data = std::move(data).value();
    scan_data(c);
  }

  void scan_data(const Chunk& c) { scan_bytes(c, c.data); }

  // Scans `data` as the whole of the input `c` describes (c.data itself, or a file read
  // into this worker's buffer).
  void scan_bytes(const Chunk& c, std::string_view data) {
    if (skipped_by_gate(c, {std::nullopt, data.size(), data})) return;
    auto st = scan_block(matcher_, confirmer_, data, c.origin, found_, c.first_line);
    if (!st) return fail(c, st, gap::error);
    progressed(0, data.size());
    scanned(data.size());
  }

  void scanned(std::uint64_t bytes) {
    ++files_;
    bytes_ += bytes;
    run_.found(found_);
  }

  // Opens a file to scan without ever blocking on it or following a planted link:
  // O_NONBLOCK (a FIFO swapped in after the listing would hang a blocking open forever)
  // and, for a file found by walking a tree, O_NOFOLLOW. What is no longer a regular file
  // when opened is skipped, unless the command line named it (a pipe, `<(cmd)`, a
  // device). Returns -1 when there is nothing to read (the failure or skip is recorded).
  int open_input(const Chunk& c, struct stat& sb) {
    if (c.file == "-") return ::fstat(0, &sb) == 0 ? 0 : -1;
    // A named file is opened as asked (a pipe blocks until its writer comes); a listed
    // one never blocks and is never reached through a link.
    const int flags =
        O_RDONLY | O_CLOEXEC | O_NOCTTY | (c.named ? 0 : O_NONBLOCK | O_NOFOLLOW);
    const int fd = ::open(c.file.c_str(), flags);
    if (fd < 0) {
      if (errno == ELOOP && !c.named)
        run_.skipped(std::string(path_of(c)), "symlink");
      else
        fail(c, errno_text(errno), gap::unreadable);
      return -1;
    }
    const bool stat_ok = ::fstat(fd, &sb) == 0;
    if (stat_ok && S_ISDIR(sb.st_mode))
      fail(c, "is a directory", gap::unreadable);
    else if (stat_ok && !S_ISREG(sb.st_mode) && !c.named)
      run_.skipped(std::string(path_of(c)), "special file");
    else if (stat_ok && ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
      return fd; // reads block again: a named pipe is read as its writer writes
    else
      fail(c, errno_text(errno), gap::unreadable); // fstat or fcntl failed
    ::close(fd);
    return -1;
  }

  // Small regular files are read whole (block mode); stdin, pipes, large files and
  // gzip/zstd files (recognised by their first bytes) are streamed.
  void scan_file(const Chunk& c) {
    const bool is_stdin = c.file == "-";
    struct stat sb {};
    Fd fd(open_input(c, sb));
    if (fd.fd < 0) return;
    const auto size = static_cast<std::uint64_t>(sb.st_size);
    if (S_ISREG(sb.st_mode) && !is_stdin && skipped_by_gate(c, {std::nullopt, size, {}}))
      return;
    const bool whole =
        !is_stdin && S_ISREG(sb.st_mode) && size <= options_.stream_threshold;
    // A whole file: size + 1 bytes, to notice one that grew. Else the first slice. The
    // buffer only grows: a file is scanned where it was read, with no copy and no
    // fresh pages to fault in.
    const std::size_t want =
        whole ? static_cast<std::size_t>(size) + 1 : options_.slice_size;
    if (buf_.size() < want) buf_.resize(want);
    // A pipe, a FIFO or a terminal can be silent for ever: its reads watch for a stop.
    const std::stop_token watch = S_ISREG(sb.st_mode) ? std::stop_token() : stop_;
    FdReader head(fd.fd, {}, watch);
    auto n = head.read(buf_.data(), want);
    if (!n) return fail(c, n.status(), gap::unreadable);
    // A whole file that returned exactly its size has been read: no second read() to
    // see the end (one system call per file saved). Anything else reads on.
    if (!(whole && *n == size) && *n > 0 && *n < want) {
      auto more = read_full(head, buf_.data() + *n, want - *n);
      if (!more) return fail(c, more.status(), gap::unreadable);
      n = *n + *more;
    }
    const std::string_view first(buf_.data(), *n);
    if (const Compression z = detect_compression(first); z != Compression::none) {
      DecompressReader unzip(z,
                             std::make_unique<FdReader>(fd.fd, std::string(first), watch));
      return scan_stream(c, unzip, /*compressed=*/true);
    }
    if (whole && *n <= size) return scan_bytes(c, first);
    FdReader rest(fd.fd, std::string(first), watch);
    scan_stream(c, rest);
  }

  // Streams `in` in slices of options_.slice_size through a StreamScan.
  void scan_stream(const Chunk& c, ByteReader& in, bool compressed = false) {
    StreamScan stream(matcher_, confirmer_, c.origin);
    if (auto st = stream.open(); !st) return fail(c, st, gap::error);
    bool first = true;
    if (buf_.size() < options_.slice_size) buf_.resize(options_.slice_size);
    for (;;) {
      if (stop_.stop_requested())
        return fail(c, "the scan was stopped before this input was read whole",
                    gap::interrupted);
      auto n = read_full(in, buf_.data(), options_.slice_size);
      if (!n) return fail(c, n.status(), compressed ? gap::corrupt : gap::unreadable);
      if (*n == 0) break;
      const std::string_view slice(buf_.data(), *n);
      if (first && skipped_by_gate(c, {std::nullopt, std::nullopt, slice},
                                   compressed ? " (decompressed)" : ""))
        return;
      first = false;
      if (auto st = stream.feed(slice); !st) return fail(c, st, gap::error);
      progressed(0, slice.size());
    }
    if (auto st = stream.finish(found_); !st) return fail(c, st, gap::error);
    scanned(stream.bytes());
  }

  Matcher matcher_;
  const Confirmer& confirmer_;
  const PipelineOptions& options_;
  Run& run_;
  std::stop_token stop_;
  std::string buf_;
  std::vector<Finding> found_;
  std::uint64_t files_ = 0, bytes_ = 0;
};

} // namespace

Pipeline::Pipeline(std::shared_ptr<const CompiledRules> rules, PipelineOptions options)
    : rules_(std::move(rules)), confirmer_(rules_, options.decode_depth),
      options_(std::move(options)), gate_(rules_, options_.gate) {
  if (options_.threads == 0)
    options_.threads = std::max(1u, std::thread::hardware_concurrency());
}

ScanReport Pipeline::run(Source& source, const FindingCallback& on_finding,
                         const std::stop_token& stop) {
  const auto started = std::chrono::steady_clock::now();
  const std::uint64_t rejects_before = confirmer_.format_rejects();
  Run run(options_, gate_, on_finding, rules_->rule_set());
  // The run's own stop: requested by the caller's token, seen by the source and the
  // workers.
  std::stop_source stopping;
  const std::stop_token token = stopping.get_token();
  std::vector<std::jthread> workers;
  for (unsigned i = 0; i < options_.threads; ++i)
    workers.emplace_back([&] { Worker(rules_, confirmer_, options_, run, token).loop(); });
  Status st;
  {
    std::stop_callback relay(stop, [&] {
      stopping.request_stop();
      run.stop();
    });
    st = source.run(run, token);
    run.close();
    workers.clear(); // joins
  }
  if (token.stop_requested()) {
    run.error(InputError{"", "the scan was stopped before it finished", gap::interrupted});
    if (!st && st.kind() == gap::interrupted) st = Status::ok();
  }
  if (!st)
    run.error(InputError{"", st.message(), st.kind().empty() ? gap::failed : st.kind()});
  for (const auto& failure : rules_->lazy_failures())
    run.error(InputError{"", "rule not applied: " + failure, gap::error});
  ScanReport report = run.take();
  std::sort(report.findings.begin(), report.findings.end(), finding_less);
  std::sort(report.errors.begin(), report.errors.end(),
            [](const InputError& a, const InputError& b) {
              return a.path != b.path ? a.path < b.path : a.reason < b.reason;
            });
  report.stats.rules = rules_->rules().size();
  report.stats.format_rejects = confirmer_.format_rejects() - rejects_before;
  report.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

} // namespace keysift::scanner
