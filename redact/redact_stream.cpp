#include "redact/redact_stream.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include <climits>
#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rules/errno_text.h"

namespace keysift::redact {
namespace {

constexpr std::size_t min_read = 64u << 10;

// A batch on its way to the settling thread; `ready` once it has been scanned.
struct Ticket {
  RedactBatch batch;
  Status status;
  std::promise<void> done;
  std::future<void> ready = done.get_future();
};
using TicketPtr = std::shared_ptr<Ticket>;

// Tickets from the reader to the settling thread, in stream order, at most `depth`.
class TicketQueue {
public:
  explicit TicketQueue(std::size_t depth) : depth_(depth) {}
  // Blocks while full; false if the consumer has stopped.
  bool push(TicketPtr t) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < depth_ || stopped_; });
    if (stopped_) return false;
    items_.push_back(std::move(t));
    not_empty_.notify_one();
    return true;
  }
  TicketPtr pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    TicketPtr t = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return t;
  }
  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    not_full_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mu_);
    return stopped_;
  }

private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<TicketPtr> items_;
  std::size_t depth_;
  bool stopped_ = false;
};

// Blocks waiting for a scan worker (bounded by the TicketQueue they also sit in).
class JobQueue {
public:
  void push(TicketPtr t) {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(t));
    cv_.notify_one();
  }
  // Null once closed and empty.
  TicketPtr pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return nullptr;
    TicketPtr t = std::move(items_.front());
    items_.pop_front();
    return t;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<TicketPtr> items_;
  bool closed_ = false;
};

// Reader buffers, reused once no batch refers to them any more: a fresh buffer of a few
// MiB per block would cost page faults and zeroed pages.
class BufferPool : public std::enable_shared_from_this<BufferPool> {
public:
  explicit BufferPool(std::size_t size) : size_(size) {}
  std::shared_ptr<char[]> get() {
    std::unique_ptr<char[]> buf;
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        buf = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!buf) buf = std::make_unique_for_overwrite<char[]>(size_);
    return {buf.release(), Return{shared_from_this()}};
  }

private:
  struct Return {
    std::shared_ptr<BufferPool> pool;
    void operator()(char* p) const {
      std::unique_ptr<char[]> buf(p);
      std::lock_guard lock(pool->mu_);
      if (pool->free_.size() < 4) pool->free_.push_back(std::move(buf));
    }
  };
  std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> free_;
  std::size_t size_;
};

void scan_blocks(std::shared_ptr<const RedactPlan> plan, JobQueue& jobs) {
  RedactScanner scanner(std::move(plan));
  while (TicketPtr t = jobs.pop()) {
    t->status = scanner.scan(t->batch);
    t->done.set_value();
  }
}

// The reader thread: reads, and cuts what it read into block or stream batches. Its
// buffer holds, before the bytes not yet handed on, up to `overlap` bytes of context.
class Reader {
public:
  Reader(Redactor& redactor, RedactInput& in, const RedactStreamOptions& options,
         TicketQueue& tickets, JobQueue& jobs)
      : redactor_(redactor), in_(in), options_(options), tickets_(tickets), jobs_(jobs),
        overlap_(redactor.plan()->overlap()),
        cap_(options.block_size + overlap_ + 2 * min_read),
        pool_(std::make_shared<BufferPool>(cap_)) {}

  void run() {
    if (auto st = read_all(); !st) push_done(std::make_shared<Ticket>(), st);
  }

private:
  Status read_all() {
    const auto stopped = [&] { return tickets_.stopped(); };
    for (bool eof = false; !eof;) {
      if (!buf_ || cap_ - len_ < min_read) renew();
      auto n = in_.read(buf_.get() + len_, cap_ - len_, stopped);
      if (!n) return Status::error("input: " + n.error());
      if (stopped()) return Status::ok();
      eof = *n == 0;
      len_ += *n;
      const bool bulk = blocks_ > 0 && !after_stream_;
      const bool more =
          !eof && (in_.ready() || (bulk && in_.ready_within(options_.linger_ms)));
      if (more && len_ - scanned_ < options_.block_size && cap_ - len_ >= min_read)
        continue;
      if (len_ - scanned_ >= std::max(options_.bulk_min, 2 * redact_lookahead))
        push_block(eof);
      if (scanned_ < len_ && !more) push_stream();
    }
    auto end = std::make_shared<Ticket>();
    end->batch.at = buf_at_ + len_;
    push_done(end, redactor_.scan(end->batch));
    return Status::ok();
  }

  // A new buffer, starting with the context and the bytes not yet handed on.
  void renew() {
    std::shared_ptr<char[]> next = pool_->get();
    const std::size_t from = context_start();
    if (buf_) std::memcpy(next.get(), buf_.get() + from, len_ - from);
    buf_ = std::move(next);
    buf_at_ += from;
    scanned_ -= from;
    len_ -= from;
  }

  std::size_t context_start() const { return scanned_ - std::min(scanned_, overlap_); }
  std::string_view view(std::size_t from, std::size_t to) const {
    return {buf_.get() + from, to - from};
  }

  TicketPtr ticket(std::size_t to) {
    auto t = std::make_shared<Ticket>();
    t->batch.at = buf_at_ + scanned_;
    t->batch.before = view(context_start(), scanned_);
    t->batch.bytes = view(scanned_, to);
    t->batch.keep = buf_;
    return t;
  }

  // Hands the bytes not yet handed on, up to a line end if there is one in the second
  // half, to a scan worker; keeps redact_lookahead bytes after them unless at the end.
  void push_block(bool eof) {
    const std::size_t limit = eof ? len_ : len_ - redact_lookahead;
    std::size_t cut = limit;
    if (!eof)
      if (const void* nl = ::memrchr(buf_.get() + scanned_, '\n', limit - scanned_)) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get());
        if (at + 1 - scanned_ >= (limit - scanned_) / 2) cut = at + 1;
      }
    TicketPtr t = ticket(cut);
    t->batch.block = true;
    t->batch.after = view(cut, std::min(len_, cut + redact_lookahead));
    t->batch.last = eof && cut == len_;
    // After stream mode, ends the streams have not reported yet (those needing the bytes
    // that follow) may lie just before the block.
    const std::uint64_t at = t->batch.at;
    t->batch.own_from =
        after_stream_ ? at - std::min<std::uint64_t>(at, redact_lookahead) : at;
    jobs_.push(t);
    tickets_.push(t);
    ++blocks_;
    scanned_ = cut;
    after_stream_ = false;
  }

  void push_stream() {
    TicketPtr t = ticket(len_);
    scanned_ = len_;
    after_stream_ = true;
    const Status st = redactor_.scan(t->batch);
    push_done(t, st);
  }

  void push_done(const TicketPtr& t, Status st) {
    t->status = std::move(st);
    t->done.set_value();
    tickets_.push(t);
  }

  Redactor& redactor_;
  RedactInput& in_;
  const RedactStreamOptions& options_;
  TicketQueue& tickets_;
  JobQueue& jobs_;
  const std::size_t overlap_, cap_;
  std::shared_ptr<BufferPool> pool_;
  std::shared_ptr<char[]> buf_;
  std::uint64_t buf_at_ = 0;  // stream offset of buf_[0]
  std::size_t scanned_ = 0;   // buf_[0, scanned_) has been handed on
  std::size_t len_ = 0;       // buf_[0, len_) holds input
  bool after_stream_ = false; // the last batch went through stream mode
  std::uint64_t blocks_ = 0;  // batches handed to the scan workers so far
};

class FdInput final : public RedactInput {
public:
  // A pipe is grown to 1 MiB (if allowed): a fast producer then fills it in fewer, larger
  // writes, and each read brings more.
  explicit FdInput(int fd) : fd_(fd) { ::fcntl(fd, F_SETPIPE_SZ, 1 << 20); }
  // Waits in poll() so that a stop is noticed even while the producer is silent.
  Result<std::size_t> read(char* buf, std::size_t size,
                           const std::function<bool()>& stopped) override {
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, 200);
      if (stopped()) return std::size_t{0};
      if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
      const ssize_t n = ::read(fd_, buf, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR && errno != EAGAIN) return Status::error(errno_text(errno));
    }
  }
  bool ready() override { return ready_within(0); }
  bool ready_within(int ms) override {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }

private:
  int fd_;
};

// writev(2) of every piece, resumed after partial writes.
int write_all(int fd, const RedactPieces& pieces) {
  std::vector<iovec> iov;
  for (const std::string_view p : pieces)
    if (!p.empty()) iov.push_back({const_cast<char*>(p.data()), p.size()});
  for (std::size_t i = 0; i < iov.size();) {
    const int n = static_cast<int>(std::min<std::size_t>(iov.size() - i, IOV_MAX));
    ssize_t w = ::writev(fd, iov.data() + i, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return errno;
    for (; i < iov.size() && static_cast<std::size_t>(w) >= iov[i].iov_len; ++i)
      w -= static_cast<ssize_t>(iov[i].iov_len);
    if (i < iov.size()) {
      iov[i].iov_base = static_cast<char*>(iov[i].iov_base) + w;
      iov[i].iov_len -= static_cast<std::size_t>(w);
    }
  }
  return 0;
}

// Settles the tickets in order and writes the output, until the end or an error.
RedactStreamResult settle_all(Redactor& redactor, TicketQueue& tickets,
                              const RedactWrite& write) {
  RedactStreamResult result;
  RedactPieces out;
  for (;;) {
    TicketPtr t = tickets.pop();
    t->ready.wait();
    if (!t->status) {
      result.status = t->status;
      break;
    }
    const bool end = t->batch.bytes.empty();
    out.clear();
    if (auto st = redactor.settle(t->batch, out); !st) {
      result.status = st;
      break;
    }
    if (const int err = write(out); err != 0) {
      result.output_closed = err == EPIPE;
      if (!result.output_closed) result.status = Status::error(errno_text(err));
      break;
    }
    if (end) break;
  }
  return result;
}

} // namespace

RedactStreamResult redact_stream(Redactor& redactor, RedactInput& in,
                                 const RedactWrite& write,
                                 const RedactStreamOptions& options) {
  if (auto st = redactor.open(); !st) return {st, false};
  const unsigned workers = options.workers > 0
                               ? options.workers
                               : std::max(1u, std::thread::hardware_concurrency());
  TicketQueue tickets(2 * workers + 2);
  JobQueue jobs;
  std::vector<std::jthread> scanners;
  for (unsigned i = 0; i < workers; ++i)
    scanners.emplace_back([&] { scan_blocks(redactor.plan(), jobs); });
  Reader reader(redactor, in, options, tickets, jobs);
  std::jthread reading([&] { reader.run(); });
  RedactStreamResult result = settle_all(redactor, tickets, write);
  tickets.stop(); // releases a reader blocked on a full queue or waiting for input
  reading.join();
  jobs.close(); // workers finish what is queued, then return
  return result;
}

RedactStreamResult redact_stream(Redactor& redactor, int in_fd, int out_fd,
                                 const RedactStreamOptions& options) {
  FdInput in(in_fd);
  return redact_stream(
      redactor, in, [&](const RedactPieces& pieces) { return write_all(out_fd, pieces); },
      options);
}

} // namespace keysift::redact
