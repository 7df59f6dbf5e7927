#include "scanner/redact_stream.h"

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include <poll.h>
#include <unistd.h>

namespace keysift::scanner {
namespace {

constexpr std::size_t read_size = 256u << 10;
constexpr std::size_t queue_depth = 4;

// Batches from the reader thread to the writer, in order; at most queue_depth waiting.
class BatchQueue {
public:
  // Blocks while full; false if the consumer has stopped.
  bool push(Result<RedactBatch> batch) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < queue_depth || stopped_; });
    if (stopped_) return false;
    items_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  Result<RedactBatch> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    Result<RedactBatch> b = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return b;
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
  std::deque<Result<RedactBatch>> items_;
  bool stopped_ = false;
};

// Reads `fd` as data arrives; waits in poll() so that a stop is noticed even while the
// producer is silent. Returns bytes read (0: end) or an error.
Result<std::size_t> read_some(int fd, std::string& buf, BatchQueue& queue) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 200);
    if (queue.stopped()) return std::size_t{0};
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR && errno != EAGAIN) return Status::error(std::strerror(errno));
  }
}

void read_and_scan(Redactor& redactor, int fd, BatchQueue& queue) {
  std::string buf(read_size, '\0');
  for (;;) {
    auto n = read_some(fd, buf, queue);
    if (!n) {
      queue.push(Status::error("input: " + n.error()));
      return;
    }
    RedactBatch batch;
    batch.bytes.assign(buf.data(), *n);
    if (auto st = redactor.scan(batch); !st) {
      queue.push(st);
      return;
    }
    if (!queue.push(std::move(batch)) || *n == 0) return;
  }
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t w = ::write(fd, data.data(), data.size());
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    data.remove_prefix(static_cast<std::size_t>(w));
  }
  return true;
}

} // namespace

RedactStreamResult redact_stream(Redactor& redactor, int in_fd, int out_fd) {
  BatchQueue queue;
  std::jthread reader([&] { read_and_scan(redactor, in_fd, queue); });
  RedactStreamResult result;
  std::string out;
  for (;;) {
    Result<RedactBatch> batch = queue.pop();
    if (!batch) {
      result.status = batch.status();
      break;
    }
    const bool end = batch->bytes.empty();
    out.clear();
    if (auto st = redactor.settle(*batch, out); !st) {
      result.status = st;
      break;
    }
    if (!write_all(out_fd, out)) {
      result.output_closed = errno == EPIPE;
      if (!result.output_closed) result.status = Status::error(std::strerror(errno));
      break;
    }
    if (end) break;
  }
  queue.stop(); // releases a reader blocked on a full queue or waiting for input
  return result;
}

} // namespace keysift::scanner
