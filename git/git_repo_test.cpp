// The git sources against real repositories built with the git command.
#include <sstream>

#include <doctest/doctest.h>

#include "git/blob_reader.h"
#include "git/commit_select.h"
#include "git/hooks_dir.h"
#include "git/range_source.h"
#include "git/staged_source.h"
#include "git/test_repo.h"

using namespace keysift;
using namespace keysift::git;
using keysift::git::testing::fake_token;
using keysift::git::testing::TempRepo;

namespace {

struct Collector final : scanner::CatalogSink {
  std::vector<scanner::Chunk> chunks;
  std::vector<std::string> skips, errors;
  bool push(scanner::Chunk c) override {
    if (c.load) {
      auto data = c.load();
      REQUIRE(data);
      c.data = *data;
    }
    chunks.push_back(std::move(c));
    return true;
  }
  void error(scanner::InputError e) override { errors.push_back(e.path + ": " + e.reason); }
  void skipped(const std::string& path, const std::string& reason) override {
    skips.push_back(reason + ":" + path);
  }
  // Chunk i's path, and what its commit says.
  std::string path(std::size_t i) const {
    return std::string(scanner::path_of(chunks.at(i).origin->where));
  }
  std::string attr(std::size_t i, const std::string& key) const {
    const auto& blob = std::get<scanner::GitBlobOrigin>(chunks.at(i).origin->where);
    const scanner::CommitInfo& c = catalog.commits.at(blob.commit);
    if (key == "commit") return c.id;
    if (key == "email") return c.email;
    if (key == "message") return c.message;
    return {};
  }
};

Collector run(scanner::Source& source) {
  Collector sink;
  std::stop_source stop;
  auto st = source.run(sink, stop.get_token());
  REQUIRE_MESSAGE(st, st.message());
  return sink;
}

} // namespace

TEST_CASE("staged: only lines added in the index, with new-file line numbers") {
  TempRepo repo;
  SUBCASE("before the first commit, against the empty tree") {
    repo.write("a.txt", "one\ntwo\n");
    repo.git("add a.txt");
    StagedSource source(repo.dir());
    auto sink = run(source);
    REQUIRE(sink.chunks.size() == 1);
    CHECK(sink.chunks[0].data == "one\ntwo\n");
    CHECK(sink.chunks[0].first_line == 1);
  }
  SUBCASE("edits, unstaged changes, renames, binaries") {
    repo.write("a.txt", "1\n2\n3\n4\n5\n6\n7\n8\n");
    repo.write("old.txt", "k1\nk2\nk3\nk4\nk5\nk6\n");
    repo.git("add . && git commit -qm base");
    repo.write("a.txt", "1\n2\nNEW3\n4\n5\n6\nNEW7a\nNEW7b\n8\n");
    repo.git("add a.txt");
    repo.write("a.txt", "unstaged\n"); // working tree only: never scanned
    repo.git("mv old.txt new.txt");
    repo.write("new.txt", "k1\nk2\nk3\nk4\nk5\nk6\nk7\n");
    repo.git("add new.txt");
    repo.write("bin.dat", std::string("\0\1\2secret", 9));
    repo.git("add bin.dat");
    StagedSource source(repo.dir());
    auto sink = run(source);
    REQUIRE(sink.chunks.size() == 3);
    CHECK(sink.path(0) == "a.txt");
    CHECK(sink.chunks[0].data == "NEW3\n");
    CHECK(sink.chunks[0].first_line == 3);
    CHECK(sink.chunks[1].data == "NEW7a\nNEW7b\n");
    CHECK(sink.chunks[1].first_line == 7);
    CHECK(sink.path(2) == "new.txt");
    CHECK(sink.chunks[2].data == "k7\n");
    CHECK(sink.chunks[2].first_line == 7);
    REQUIRE(sink.skips.size() == 1);
    CHECK(sink.skips[0] == "binary:bin.dat");
  }
}

TEST_CASE("range: every commit's additions, merges by what differs from all parents") {
  TempRepo repo;
  repo.write("f.txt", "base\n");
  repo.git("add . && git commit -qm root");
  const std::string base = repo.git("rev-parse HEAD");
  repo.git("checkout -qb side");
  repo.write("f.txt", "base\nside\n");
  repo.git("commit -qam 'side change'");
  repo.git("checkout -q main");
  repo.write("f.txt", "base\nmain\n");
  repo.git("commit -qam 'main change'");
  CHECK_THROWS(repo.git("merge -q side"));
  repo.write("f.txt", "base\nresolved\n");
  repo.git("commit -qam 'merge side'");
  auto commits = range_commits(open_repository(repo.dir())->get(), base + "..HEAD");
  REQUIRE(commits);
  REQUIRE(commits->size() == 3);
  RangeSource source(repo.dir(), *commits);
  auto sink = run(source);
  REQUIRE(sink.chunks.size() == 6); // three commits' additions, then their messages
  std::vector<std::string> seen, messages;
  for (const auto& c : sink.chunks) {
    const auto& where = std::get<scanner::GitBlobOrigin>(c.origin->where);
    (where.message ? messages : seen).push_back(c.data);
  }
  CHECK(std::count(seen.begin(), seen.end(), "resolved\n") == 1);
  CHECK(std::count(seen.begin(), seen.end(), "side\n") == 1);
  CHECK(std::count(seen.begin(), seen.end(), "main\n") == 1);
  std::sort(messages.begin(), messages.end());
  CHECK(messages ==
        std::vector<std::string>{"main change\n", "merge side\n", "side change\n"});
  CHECK(sink.attr(2, "message") == "merge side");
  CHECK(sink.attr(2, "email") == "author@example.com");

  auto empty = range_commits(open_repository(repo.dir())->get(), "HEAD..HEAD");
  REQUIRE(empty);
  CHECK(empty->empty());
  CHECK_FALSE(range_commits(open_repository(repo.dir())->get(), "nosuch..HEAD"));
  CHECK_FALSE(range_commits(open_repository(repo.dir())->get(), "HEAD"));
}

TEST_CASE("pre-push: deletions send nothing, new branches what no remote has") {
  TempRepo repo;
  repo.write("f.txt", "one\n");
  repo.git("add . && git commit -qm one");
  const std::string one = repo.git("rev-parse HEAD");
  repo.git("update-ref refs/remotes/origin/main HEAD");
  repo.write("f.txt", "one\ntwo\n");
  repo.git("commit -qam two");
  const std::string two = repo.git("rev-parse HEAD");
  const std::string zeros(40, '0');
  auto repo_handle = open_repository(repo.dir());
  std::size_t refs = 0;
  std::istringstream deletion("(delete) " + zeros + " refs/heads/gone " + one + "\n");
  auto none = pre_push_commits(repo_handle->get(), deletion, refs);
  REQUIRE(none);
  CHECK(none->empty());
  CHECK(refs == 1);
  std::istringstream fresh("refs/heads/main " + two + " refs/heads/new " + zeros + "\n");
  auto added = pre_push_commits(repo_handle->get(), fresh, refs);
  REQUIRE(added);
  REQUIRE(added->size() == 1);
  CHECK(oid_hex(added->front()) == two);
  std::istringstream update("refs/heads/main " + two + " refs/heads/main " + one + "\n");
  auto updated = pre_push_commits(repo_handle->get(), update, refs);
  REQUIRE(updated);
  CHECK(updated->size() == 1);
  std::istringstream junk("not a pre-push line\n");
  CHECK_FALSE(pre_push_commits(repo_handle->get(), junk, refs));
}

TEST_CASE("hooks_directory follows core.hooksPath") {
  TempRepo repo;
  auto dir = hooks_directory(repo.dir());
  REQUIRE(dir);
  CHECK(*dir == repo.dir() + "/.git/hooks");
  repo.git("config core.hooksPath .githooks");
  dir = hooks_directory(repo.dir());
  REQUIRE(dir);
  CHECK(*dir == repo.dir() + "/.githooks");
}
