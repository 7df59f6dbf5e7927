// The history walk's trees and commits, read by keysift's own reader: the parsers on
// malformed bytes, and the walk's report (each blob at each path, first seen where) against
// a brute-force account made with `git ls-tree -r` for every commit, on histories with
// renamed directories, reverts, merges of diverged branches and submodules.
#include <array>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "git/blob_index.h"
#include "git/history_walk.h"
#include "git/object_parse.h"
#include "git/test_repo.h"
#include "git/tree_walk.h"

using namespace keysift;
using namespace keysift::git;
using keysift::git::testing::TempRepo;

TEST_CASE("parse_commit: tree, parents, committer time; malformed commits fail") {
  const std::string tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
  const std::string parent = "parent 0123456789abcdef0123456789abcdef01234567\n";
  const std::string who =
      "author A <a@x> 1700000000 +0100\ncommitter C <c@x> 1700000123 -0200\n";
  auto ok = parse_commit(tree + parent + parent + who + "\nmessage\n");
  REQUIRE(ok);
  CHECK(ok->parents.size() == 2);
  CHECK(ok->time == 1700000123);
  CHECK(oid_hex(ok->tree) == "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  // A committer line in the message is not the committer.
  auto msg = parse_commit(tree + "author A <a@x> 1 +0000\ncommitter C <c@x> 5 +0000\n\n"
                                 "committer X <x@x> 99 +0000\n");
  REQUIRE(msg);
  CHECK(msg->time == 5);
  CHECK_FALSE(parse_commit(""));
  CHECK_FALSE(parse_commit("tree 4b825dc6\n" + who));                         // short id
  CHECK_FALSE(parse_commit(tree + "parent zz\n" + who));                      // bad parent
  CHECK_FALSE(parse_commit(tree + "author A <a@x> 1 +0000\n\nno committer")); // none
}

TEST_CASE("parse_tree_entry: entries, and every way one can be cut short") {
  const std::string id(20, '\x11');
  const std::string tree =
      "100644 a.txt" + std::string(1, '\0') + id + "40000 dir" + std::string(1, '\0') + id;
  TreeEntry e;
  const char* why = "";
  REQUIRE(parse_tree_entry(tree, 0, e, why));
  CHECK(e.name == "a.txt");
  CHECK(e.kind == EntryKind::blob);
  REQUIRE(parse_tree_entry(tree, e.end, e, why));
  CHECK(e.name == "dir");
  CHECK(e.kind == EntryKind::tree);
  CHECK(e.end == tree.size());
  for (std::size_t cut = 0; cut < tree.size() / 2; ++cut)
    CHECK_FALSE(parse_tree_entry(std::string_view(tree).substr(0, cut), 0, e, why));
  CHECK_FALSE(parse_tree_entry("1x0644 a" + std::string(1, '\0') + id, 0, e, why));
  CHECK_FALSE(parse_tree_entry("100644 " + std::string(1, '\0') + id, 0, e, why));
  // git's order: "a" as a tree sorts as "a/", after "a.txt" ('.' < '/').
  TreeEntry file{"a.txt", nullptr, 0100644, EntryKind::blob};
  TreeEntry dir{"a", nullptr, 040000, EntryKind::tree};
  CHECK(compare_entries(file, dir) < 0);
  TreeEntry plain{"a", nullptr, 0100644, EntryKind::blob};
  CHECK(compare_entries(plain, file) < 0);
}

namespace {

// What the walk must report: for each commit in walk order, each (blob, path) of its
// tree, kept the first time it appears.
std::map<std::string, std::vector<std::pair<std::string, std::size_t>>>
brute_force(const TempRepo& repo, const CommitSelection& selection) {
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t n = 0; n < selection.commits.size(); ++n) {
    std::istringstream lines(repo.git("ls-tree -r " + oid_hex(selection.commits[n].oid)));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream f(line);
      std::string mode, type, id, path;
      f >> mode >> type >> id;
      std::getline(f >> std::ws, path);
      if (type != "blob") continue;
      if (seen.insert({id, path}).second) out[id].emplace_back(path, n);
    }
  }
  return out;
}

struct Visitor final : TreeVisitor {
  BlobIndex& blobs;
  std::uint32_t commit;
  std::size_t submodules = 0;
  Visitor(BlobIndex& b, std::uint32_t c) : blobs(b), commit(c) {}
  void blob(const unsigned char* id, std::uint32_t path) override {
    blobs.add(id, path, commit, false);
  }
  void submodule(std::uint32_t) override { ++submodules; }
};

void check_walk(const TempRepo& repo) {
  auto handle = open_repository(repo.dir());
  REQUIRE(handle);
  auto store = ObjectStore::open(git_repository_commondir(handle->get()));
  REQUIRE(store);
  ObjectReader reader(*store);
  auto selection = select_commits(handle->get(), &reader, {});
  REQUIRE(selection);
  PathTable paths;
  TreeWalker walker(reader, paths);
  BlobIndex blobs(*store);
  for (std::uint32_t n = 0; n < selection->commits.size(); ++n) {
    Visitor v(blobs, n);
    REQUIRE(walker.walk(selection->commits[n].tree, v));
  }
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> got;
  const auto groups = blobs.take_groups();
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (const auto& l : groups.locations(g))
      got[oid_hex(blobs.oid(groups.blob(g)))].emplace_back(paths.path(l.path), l.commit);
  const auto want = brute_force(repo, *selection);
  CHECK(got.size() == want.size());
  // Not a structured binding: INFO captures `id` in a lambda, which clang 14 (the
  // clang-tidy CI runs) refuses for a binding.
  for (const auto& entry : want) {
    const std::string& id = entry.first;
    INFO("blob " << id);
    CHECK(got[id] == entry.second);
  }
}

} // namespace

TEST_CASE("tree walk: every blob at every path, first seen where the full walk sees it") {
  TempRepo repo;
  std::mt19937 rng(7);
  auto text = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "word" + std::to_string(rng() % 50) + "\n";
    return s;
  };
  repo.write("a/b/c/one.txt", text(20));
  repo.write("a/b/two.txt", text(20));
  repo.write("top.txt", "top\n");
  repo.git("add -A && git commit -qm base");
  const std::string original = text(20);
  repo.write("a/b/c/one.txt", original);
  repo.git("commit -qam edit");
  repo.git("mv a/b renamed && git commit -qm 'rename a directory'");
  repo.git("checkout -qb side");
  repo.write("renamed/c/side.txt", text(30));
  repo.write("renamed/two.txt", text(10));
  repo.git("add -A && git commit -qm side");
  repo.git("checkout -q main");
  repo.write("renamed/c/one.txt", text(20));
  repo.git("commit -qam 'edit on main'");
  repo.write("renamed/c/one.txt", original); // a revert to an earlier version
  repo.git("commit -qam revert");
  repo.git("merge -q --no-edit -X theirs side");
  repo.git("mv renamed/c copied && git commit -qm 'move c out'");
  repo.git("checkout -q HEAD~3 -- renamed && git commit -qm 'restore an old directory'");
  SUBCASE("loose objects") {
    check_walk(repo);
  }
  SUBCASE("packed, deltas") {
    repo.git("gc -q --aggressive");
    check_walk(repo);
  }
}

TEST_CASE("blob index: groups in first-seen order, one location per path, in one array") {
  BlobIndex blobs(ObjectStore::of_packs({})); // no packs: every blob is numbered loose
  auto id = [](unsigned char first) {
    std::array<unsigned char, GIT_OID_RAWSZ> out{};
    out[0] = first;
    return out;
  };
  const auto a = id(1), b = id(2), c = id(3), known = id(4);
  blobs.add(known.data(), 0, 0, true); // before the window: never reported
  blobs.add(b.data(), 1, 0, false);
  blobs.add(a.data(), 2, 1, false);
  blobs.add(b.data(), 1, 2, false); // the same path again: its first place is kept
  blobs.add(b.data(), 3, 2, false);
  blobs.add(known.data(), 4, 3, false);
  blobs.add(c.data(), 5, 3, false);
  blobs.add(a.data(), 2, 4, false);
  const auto groups = blobs.take_groups();
  REQUIRE(groups.size() == 3);
  using Place = std::pair<std::uint32_t, std::uint32_t>; // path, commit
  auto places = [&](std::size_t g) {
    std::vector<Place> out;
    for (const auto& l : groups.locations(g)) {
      CHECK(l.blob == groups.blob(g));
      out.emplace_back(l.path, l.commit);
    }
    return out;
  };
  CHECK(groups.blob(0) == blobs.number(b.data()));
  CHECK(places(0) == std::vector<Place>{{1, 0}, {3, 2}});
  CHECK(groups.blob(1) == blobs.number(a.data()));
  CHECK(places(1) == std::vector<Place>{{2, 1}});
  CHECK(groups.blob(2) == blobs.number(c.data()));
  CHECK(places(2) == std::vector<Place>{{5, 3}});
  CHECK(blobs.take_groups().size() == 0); // consumed
}
