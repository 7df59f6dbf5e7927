// Walking a pack's delta forest (git/pack_scan.h): every wanted blob is visited exactly
// once, with libgit2's bytes, and a delta's visit carries the base and delta that make
// it; with two threads, with a budget that drops every held ancestor, and with half the
// blobs wanted.
#include <mutex>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "git/handles.h"
#include "git/pack_scan.h"
#include "git/test_repo.h"

using namespace keysift;
using namespace keysift::git;
using keysift::git::testing::TempRepo;

namespace {

struct Seen {
  Seen() = default;
  Seen(Seen&& o) noexcept
      : ids(std::move(o.ids)), deltas(o.deltas), with_memo(o.with_memo),
        failures(o.failures), wrong(std::move(o.wrong)) {}
  std::mutex mu;
  std::multiset<std::string> ids;
  std::size_t deltas = 0, with_memo = 0, failures = 0;
  std::vector<std::string> wrong;
};

struct Tag final : Memo {
  std::string id;
};

class Checker final : public BlobConsumer {
public:
  Checker(Seen& seen, const PackIndex& idx) : seen_(seen), idx_(idx) {}
  MemoPtr visit(const BlobVisit& v) override {
    const git_oid id = idx_.oid(v.position);
    git_oid hashed;
    REQUIRE(git_odb_hash(&hashed, v.data.data(), v.data.size(), GIT_OBJECT_BLOB) == 0);
    std::string rebuilt;
    const bool delta_ok =
        v.delta.empty() || (apply_delta(v.base, v.delta, rebuilt) && rebuilt == v.data);
    std::lock_guard lock(seen_.mu);
    seen_.ids.insert(oid_hex(id));
    if (!git_oid_equal(&hashed, &id) || !delta_ok) seen_.wrong.push_back(oid_hex(id));
    if (!v.delta.empty()) ++seen_.deltas;
    if (v.base_memo != nullptr) ++seen_.with_memo;
    auto tag = std::make_shared<Tag>();
    tag->id = oid_hex(id);
    return tag;
  }
  void failed(std::uint32_t, std::uint32_t, const Status&) override {
    std::lock_guard lock(seen_.mu);
    ++seen_.failures;
  }

private:
  Seen& seen_;
  const PackIndex& idx_;
};

void make_history(TempRepo& repo) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "line " + std::to_string(i) + "\n";
  for (std::size_t c = 0; c < 30; ++c) {
    text.insert(text.size() / (c % 5 + 2), "edit " + std::to_string(c) + "\n");
    repo.write("a.txt", text);
    repo.write("b" + std::to_string(c % 3) + ".txt", text.substr(c * 7));
    repo.git("add -A && git commit -qm c" + std::to_string(c));
  }
  repo.git("gc -q --aggressive");
}

Seen walk_all(const std::string& dir, unsigned threads, std::size_t budget, bool half) {
  auto store = ObjectStore::open(dir + "/.git");
  REQUIRE(store);
  REQUIRE((*store)->packs().size() == 1);
  const PackIndex& idx = (*store)->packs()[0]->index();
  auto plan = PackPlan::build(*store, 0, [&](std::uint32_t pos) {
    return !half || idx.oid_bytes(pos)[0] % 2 == 0;
  });
  REQUIRE(plan);
  Seen seen;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      ObjectReader reader(*store);
      Checker checker(seen, idx);
      std::uint32_t root = 0;
      while ((*plan)->next_root(root)) (*plan)->walk(root, reader, checker, budget);
    });
  for (auto& t : pool) t.join();
  CHECK((*plan)->stats().wanted == seen.ids.size());
  return seen;
}

} // namespace

TEST_CASE("pack walk: each wanted blob once, libgit2's bytes, deltas from their bases") {
  TempRepo repo;
  make_history(repo);
  const std::string blobs =
      repo.git("cat-file --batch-all-objects --batch-check='%(objecttype) %(objectname)'");
  std::set<std::string> all;
  for (std::size_t at = 0; at < blobs.size();) {
    const std::size_t nl = std::min(blobs.find('\n', at), blobs.size());
    const std::string line = blobs.substr(at, nl - at);
    if (line.rfind("blob ", 0) == 0) all.insert(line.substr(5));
    at = nl + 1;
  }
  REQUIRE(all.size() > 40);
  SUBCASE("two threads") {
    const Seen seen = walk_all(repo.dir(), 2, 64u << 20, false);
    CHECK(seen.wrong.empty());
    CHECK(seen.failures == 0);
    CHECK(std::set<std::string>(seen.ids.begin(), seen.ids.end()) == all);
    CHECK(seen.ids.size() == all.size()); // none twice
    CHECK(seen.deltas > 20);
    CHECK(seen.with_memo == seen.deltas);
  }
  SUBCASE("no bytes may be held: ancestors are read again, without memos") {
    const Seen seen = walk_all(repo.dir(), 1, 0, false);
    CHECK(seen.wrong.empty());
    CHECK(seen.ids.size() == all.size());
  }
  SUBCASE("half the blobs wanted: their bases are read, not visited") {
    const Seen seen = walk_all(repo.dir(), 2, 64u << 20, true);
    CHECK(seen.wrong.empty());
    for (const auto& id : seen.ids) CHECK(std::stoi(id.substr(0, 2), nullptr, 16) % 2 == 0);
    CHECK(seen.ids.size() < all.size());
  }
}
