// How fast keysift reads a repository's blobs, without scanning them: the floor of a
// history audit. Modes:
//   forest N   every blob of every pack through the delta forest (git/pack_scan.h), on N
//              threads, each delta applied to its base in memory
//   random     every blob by id, in pack order, through the object reader (a chain walk
//              per object, bases from the LRU cache)
//   libgit2    every blob by id, in pack order, through git_odb_read
// KEYSIFT_INFLATE=zlib makes keysift's reader inflate with zlib instead of libdeflate.
// Prints blobs, bytes, wall and CPU seconds.
//   build/release/bench/pack_read GIT_DIR forest 2
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include "git/handles.h"
#include "git/inflate.h"
#include "git/pack_scan.h"

using namespace keysift;
using namespace keysift::git;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// With KEYSIFT_WINDOW=W: also the bytes a delta-aware scan would match, each insert
// and junction widened by W + 1 bytes each side (whole blobs count whole).
const std::uint64_t window = [] {
  const char* v = std::getenv("KEYSIFT_WINDOW");
  return v == nullptr ? 0ull : std::stoull(v);
}();

std::uint64_t windowed(const BlobVisit& v) {
  if (v.delta.empty()) return v.data.size();
  auto h = parse_delta_header(v.delta);
  if (!h) return v.data.size();
  std::vector<std::pair<std::uint64_t, std::uint64_t>> dirty; // [from, to) in the result
  std::uint64_t t = 0, prev_copy_end = UINT64_MAX;
  (void)for_each_delta_op(v.delta, *h, [&](const DeltaOp& op) {
    const bool joined = op.copy && op.from == prev_copy_end;
    if (!op.copy || !joined) dirty.emplace_back(t, op.copy ? t : t + op.size);
    prev_copy_end = op.copy ? op.from + op.size : UINT64_MAX;
    t += op.size;
  });
  std::uint64_t total = 0, covered_to = 0;
  for (auto [a, b] : dirty) {
    const std::uint64_t lo = std::max(covered_to, a > window + 1 ? a - window - 1 : 0);
    const std::uint64_t hi = std::min<std::uint64_t>(v.data.size(), b + window + 1);
    if (hi > lo) total += hi - lo;
    covered_to = std::max(covered_to, hi);
  }
  return total;
}

struct Count final : BlobConsumer {
  std::uint64_t blobs = 0, bytes = 0, failures = 0, scanned = 0;
  MemoPtr visit(const BlobVisit& v) override {
    ++blobs;
    bytes += v.data.size();
    if (window != 0) scanned += windowed(v);
    return nullptr;
  }
  void failed(std::uint32_t, std::uint32_t, const Status&) override { ++failures; }
};

// Every blob's id, in pack order.
std::vector<git_oid> blobs_in_order(const ObjectStore& store) {
  std::vector<git_oid> out;
  ObjectReader reader(
      std::shared_ptr<const ObjectStore>(&store, [](const ObjectStore*) {}));
  for (const auto& pack : store.packs())
    for (std::uint32_t pos : pack->index().pack_order()) {
      auto h = pack->header(pack->index().offset(pos));
      if (!h) continue;
      if (h->type == PackType::blob)
        out.push_back(pack->index().oid(pos));
      else if (h->type == PackType::ofs_delta || h->type == PackType::ref_delta) {
        auto obj = reader.read(pack->index().oid(pos)); // the type is the chain's
        if (obj && (*obj)->type() == PackType::blob) out.push_back(pack->index().oid(pos));
      }
    }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    (void)std::fprintf(stderr, "usage: %s GIT_DIR forest N | random | libgit2\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1], mode = argv[2];
  if (const char* v = std::getenv("KEYSIFT_INFLATE"); v && std::string_view(v) == "zlib")
    inflate_with_zlib(true);
  auto store = ObjectStore::open(dir);
  if (!store) return std::fprintf(stderr, "%s\n", store.error().c_str()), 2;
  std::uint64_t blobs = 0, bytes = 0, failures = 0, scanned = 0;
  std::vector<git_oid> ids;
  if (mode != "forest") ids = blobs_in_order(**store);
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  if (mode == "forest") {
    const unsigned threads = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 1;
    for (std::uint32_t p = 0; p < (*store)->packs().size(); ++p) {
      auto plan = PackPlan::build(*store, p, [](std::uint32_t) { return true; });
      if (!plan) return std::fprintf(stderr, "%s\n", plan.error().c_str()), 2;
      std::vector<Count> counts(threads);
      std::vector<std::thread> pool;
      for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          ObjectReader reader(*store);
          std::uint32_t root = 0;
          while ((*plan)->next_root(root)) (*plan)->walk(root, reader, counts[t]);
        });
      for (auto& t : pool) t.join();
      for (const auto& c : counts) {
        blobs += c.blobs;
        bytes += c.bytes;
        failures += c.failures;
        scanned += c.scanned;
      }
    }
  } else if (mode == "random") {
    ObjectReader reader(*store);
    for (const auto& id : ids) {
      auto obj = reader.read(id);
      if (!obj)
        ++failures;
      else
        ++blobs, bytes += (*obj)->size();
    }
  } else if (mode == "libgit2") {
    auto repo = open_repository(dir);
    if (!repo) return 2;
    git_odb* raw = nullptr;
    if (git_repository_odb(&raw, repo->get()) != 0) return 2;
    Odb odb(raw);
    for (const auto& id : ids) {
      git_odb_object* obj = nullptr;
      if (git_odb_read(&obj, odb.get(), &id) != 0) {
        ++failures;
        continue;
      }
      ++blobs;
      bytes += git_odb_object_size(obj);
      git_odb_object_free(obj);
    }
  } else {
    return std::fprintf(stderr, "unknown mode %s\n", mode.c_str()), 2;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s: %llu blobs, %.1f MB, %llu failed; %.2f s wall, %.2f s CPU\n",
              mode.c_str(), static_cast<unsigned long long>(blobs),
              static_cast<double>(bytes) / 1e6, static_cast<unsigned long long>(failures),
              wall, cpu_seconds() - c0);
  if (window != 0)
    std::printf("window %llu: %.1f MB to match (%.1f%%)\n",
                static_cast<unsigned long long>(window), static_cast<double>(scanned) / 1e6,
                100.0 * static_cast<double>(scanned) / static_cast<double>(bytes));
  return failures == 0 ? 0 : 1;
}
