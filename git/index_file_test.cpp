// The index reader and the staged-path walk against index files written by git itself.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "git/index_file.h"
#include "git/staged_paths.h"
#include "git/staged_source.h"
#include "git/test_repo.h"

using namespace keysift;
using namespace keysift::git;
using keysift::git::testing::TempRepo;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// `git ls-files -s` from our reader: "mode oid stage\tpath" lines.
std::string listing(const IndexFile& index) {
  std::ostringstream out;
  for (const auto& e : index.entries) {
    if (out.tellp() > 0) out << '\n';
    out << std::oct << e.mode << std::dec << ' ' << oid_hex(e.id) << ' ' << e.stage << '\t'
        << e.path;
  }
  return out.str();
}

IndexFile must_read(const TempRepo& repo) {
  auto index = read_index_file(repo.dir() + "/.git/index", repo.dir() + "/.git");
  REQUIRE(index.has_value());
  return *index;
}

// The sorted paths staged_paths() reports, "+path" changed and "-path" removed.
std::string staged(const TempRepo& repo) {
  auto opened = open_repository(repo.dir());
  REQUIRE(opened);
  git_object* raw = nullptr;
  REQUIRE(git_revparse_single(&raw, opened->get(), "HEAD^{tree}") == 0);
  Tree head(reinterpret_cast<git_tree*>(raw)); // NOLINT: libgit2's documented downcast
  const IndexFile index = must_read(repo);
  auto paths = staged_paths(opened->get(), head.get(), index);
  REQUIRE_MESSAGE(paths, paths.status().message());
  std::vector<std::string> out;
  for (const auto* e : paths->changed) out.push_back("+" + e->path);
  for (const auto& p : paths->removed) out.push_back("-" + p);
  std::sort(out.begin(), out.end());
  std::string joined;
  for (const auto& p : out) joined += p + " ";
  return joined;
}

void populate(const TempRepo& repo) {
  repo.write("top.txt", "top\n");
  repo.write("a/b/c.txt", "c\n");
  repo.write("a/b/d.txt", "d\n");
  repo.write("a/e.txt", "e\n");
  repo.write("z/y.txt", "y\n");
  repo.write("odd [1]*.txt", "odd\n");
  repo.git("add -A");
  repo.git("commit -q -m base");
}

} // namespace

TEST_CASE("index formats 2, 3 and 4 read as git lists them") {
  TempRepo repo;
  populate(repo);
  repo.write("a/new.txt", "new\n");
  // Format 4 strips the previous path's tail: over 127 bytes takes a two-byte varint.
  repo.write("long/" + std::string(150, 'x') + ".txt", "long\n");
  repo.write("m.txt", "m\n");
  repo.git("add -A");
  for (const char* version : {"2", "3", "4"}) {
    CAPTURE(version);
    repo.git(std::string("update-index --index-version ") + version);
    if (std::string(version) == "3") repo.git("update-index --skip-worktree z/y.txt");
    CHECK(listing(must_read(repo)) == repo.git("ls-files -s"));
  }
}

TEST_CASE("the cache tree: valid after a commit, invalidated along a staged path") {
  TempRepo repo;
  populate(repo);
  IndexFile index = must_read(repo);
  REQUIRE(index.tree.has_value());
  CHECK(index.tree->valid);
  CHECK(oid_hex(index.tree->id) == repo.git("rev-parse HEAD^{tree}"));
  CHECK(staged(repo).empty());
  repo.write("a/b/c.txt", "changed\n");
  repo.git("add a/b/c.txt");
  index = must_read(repo);
  CHECK_FALSE(index.tree->valid);
  REQUIRE(index.tree->child("a"));
  CHECK_FALSE(index.tree->child("a")->valid);
  REQUIRE(index.tree->child("z"));
  CHECK(index.tree->child("z")->valid);
}

TEST_CASE("staged paths: what differs from HEAD, cache tree or not") {
  TempRepo repo;
  populate(repo);
  SUBCASE("an edit deep down, a new file and a new directory") {
    repo.write("a/b/c.txt", "changed\n");
    repo.write("a/f.txt", "f\n");
    repo.write("n/m/o.txt", "o\n");
    repo.git("add -A");
    CHECK(staged(repo) == "+a/b/c.txt +a/f.txt +n/m/o.txt ");
  }
  SUBCASE("a deleted directory, a rename and a mode change") {
    repo.git("rm -q -r a/b");
    repo.git("mv top.txt top2.txt");
    repo.git("update-index --chmod=+x z/y.txt");
    CHECK(staged(repo) == "+top2.txt +z/y.txt -a/b/c.txt -a/b/d.txt -top.txt ");
  }
  SUBCASE("a file becomes a directory and a directory a file") {
    repo.git("rm -q top.txt");
    repo.write("top.txt/inner.txt", "inner\n");
    repo.git("rm -q -r z");
    repo.write("z", "now a file\n");
    repo.git("add -A");
    CHECK(staged(repo) == "+top.txt/inner.txt +z -top.txt -z/y.txt ");
  }
  SUBCASE("no cache tree at all: every directory compared") {
    repo.git("rm -q -r --cached .");
    repo.git("add -A"); // re-adding invalidates every cache-tree entry
    CHECK_FALSE(must_read(repo).tree->valid);
    CHECK(staged(repo).empty());
    repo.write("odd [1]*.txt", "changed\n");
    repo.git("add -A");
    CHECK(staged(repo) == "+odd [1]*.txt ");
  }
}

TEST_CASE("damaged index files and unknown extensions are left to libgit2") {
  TempRepo repo;
  populate(repo);
  const std::string bytes = read_bytes(repo.dir() + "/.git/index");
  REQUIRE(parse_index(bytes).has_value());
  for (std::size_t n = 0; n < bytes.size(); n += 3)
    CHECK_FALSE(parse_index(bytes.substr(0, n)));
  std::string damaged = bytes;
  damaged[4 + 3] = 9; // version 9
  CHECK_FALSE(parse_index(damaged));
  // An unknown required extension (lower-case signature), before the checksum.
  std::string unknown = bytes;
  unknown.insert(unknown.size() - 20, std::string("abcd\0\0\0\0", 8));
  CHECK_FALSE(parse_index(unknown));
  std::string optional = bytes; // an unknown optional one is skipped
  optional.insert(optional.size() - 20, std::string("ABCD\0\0\0\0", 8));
  CHECK(parse_index(optional));
}

TEST_CASE("an index whose entries are out of order is refused") {
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.write("b.txt", "b\n");
  repo.git("add a.txt b.txt");
  std::string bytes = read_bytes(repo.dir() + "/.git/index");
  REQUIRE(parse_index(bytes).has_value());
  const std::size_t a = bytes.find("a.txt"), b = bytes.find("b.txt");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  bytes.replace(a, 5, "b.txt"); // the same entries, named in the wrong order
  bytes.replace(b, 5, "a.txt");
  CHECK_FALSE(parse_index(bytes));
}

TEST_CASE("a sparse index: directory entries compared by tree, expanded when they differ") {
  TempRepo repo;
  populate(repo);
  repo.write("z/y.txt", "y\nstaged out of the cone\n");
  repo.write("z/deeper/w.txt", "w\n");
  repo.git("add -A");
  repo.git("commit -q -m 'z changes'");
  repo.git("sparse-checkout init --cone");
  repo.git("sparse-checkout set --sparse-index a");
  IndexFile index = must_read(repo);
  CHECK(index.sparse);
  const bool has_directory_entry =
      std::any_of(index.entries.begin(), index.entries.end(),
                  [](const IndexEntry& e) { return e.is_directory() && e.path == "z/"; });
  REQUIRE(has_directory_entry);
  CHECK(staged(repo).empty());
  // HEAD moves back; the index keeps z/ as the newer tree: its files are staged.
  repo.git("reset -q --soft HEAD~1");
  CHECK(staged(repo) == "+z/deeper/w.txt +z/y.txt ");
  repo.write("a/b/c.txt", "in the cone\n");
  repo.git("add a/b/c.txt");
  CHECK(staged(repo) == "+a/b/c.txt +z/deeper/w.txt +z/y.txt ");
}

TEST_CASE("a split index reads as git lists it, merged with its shared index") {
  TempRepo repo;
  populate(repo);
  repo.git("update-index --split-index");
  CHECK(listing(must_read(repo)) == repo.git("ls-files -s"));
  // Entries replaced, deleted and added after the split, across several rewrites.
  repo.write("a/b/c.txt", "changed\n");
  repo.git("add a/b/c.txt");
  repo.git("rm -q --cached z/y.txt");
  repo.write("n/new.txt", "new\n");
  repo.write("0first.txt", "first\n");
  repo.git("add n/new.txt 0first.txt");
  const IndexFile index = must_read(repo);
  CHECK(listing(index) == repo.git("ls-files -s"));
  CHECK(staged(repo) == "+0first.txt +a/b/c.txt +n/new.txt -z/y.txt ");
  repo.git("commit -q -m split");
  CHECK(staged(repo).empty());
}

TEST_CASE("GIT_INDEX_FILE: a hook run by `git commit -a` sees git's temporary index") {
  TempRepo repo;
  populate(repo);
  repo.write("a/e.txt", "e\nadded by commit -a\n");
  const std::string tmp = repo.dir() + "/.git/other-index";
  { std::ofstream(tmp, std::ios::binary) << read_bytes(repo.dir() + "/.git/index"); }
  repo.git("add a/e.txt"); // staged in the main index only
  StagedSource other(repo.dir(), tmp);
  struct Sink final : scanner::CatalogSink {
    std::size_t chunks = 0;
    bool push(scanner::Chunk) override { return ++chunks, true; }
    void error(scanner::InputError) override {}
    void skipped(const std::string&, const std::string&) override {}
  } with_tmp, with_main;
  std::stop_source stop;
  CHECK(other.run(with_tmp, stop.get_token()));
  // Relative: from the top of the work tree, as git resolves it, not from the current
  // directory nor from the directory keysift was pointed at.
  StagedSource relative(repo.dir() + "/a", ".git/other-index");
  Sink with_relative;
  CHECK(relative.run(with_relative, stop.get_token()));
  CHECK(with_relative.chunks == 0);
  StagedSource relative_main(repo.dir() + "/a", ".git/index");
  Sink with_relative_main;
  CHECK(relative_main.run(with_relative_main, stop.get_token()));
  CHECK(with_relative_main.chunks == 1);
  StagedSource main_index(repo.dir());
  CHECK(main_index.run(with_main, stop.get_token()));
  CHECK(with_tmp.chunks == 0);
  CHECK(with_main.chunks == 1);
}

TEST_CASE("a sparse index: directory entries below a directory HEAD does not have") {
  TempRepo repo;
  populate(repo);
  repo.write("q/top.txt", "top\n");
  repo.write("q/inner/f.txt", "f\n");
  repo.write("q/x/g.txt", "g\n");
  repo.git("add -A");
  repo.git("commit -q -m 'q added'");
  repo.git("sparse-checkout init --cone");
  repo.git("sparse-checkout set --sparse-index a q/inner");
  const IndexFile index = must_read(repo);
  const bool x_is_directory =
      std::any_of(index.entries.begin(), index.entries.end(),
                  [](const IndexEntry& e) { return e.is_directory() && e.path == "q/x/"; });
  REQUIRE(x_is_directory);
  repo.git("reset -q --soft HEAD~1"); // HEAD has no q/ at all
  CHECK(staged(repo) == "+q/inner/f.txt +q/top.txt +q/x/g.txt ");
}

TEST_CASE("a split index's bitmaps are checked against the shared index before expanding") {
  // Five bits in one literal word: 0 1 1 0 1.
  const EwahBitmap five{5, {std::uint64_t{1} << 33, 0b10110}};
  CHECK(expand_ewah(five, 5) == std::vector<bool>{false, true, true, false, true});
  CHECK_FALSE(expand_ewah(five, 4)); // more bits than the shared index has entries
  CHECK_FALSE(expand_ewah(EwahBitmap{100, {0}}, 1000)); // words hold fewer than claimed
  // Sixteen bytes claiming four billion bits of ones (2^32 - 1 words of ones): refused
  // by its size, never expanded (such a bitmap once cost 12 s and 1.1 GB).
  const EwahBitmap huge{0xffffffffu, {(std::uint64_t{0xffffffffu} << 1) | 1u}};
  CHECK_FALSE(expand_ewah(huge, 1u << 20));
  IndexFile split, shared;
  shared.entries.resize(3);
  split.link = SplitLink{};
  split.link->deleted = huge;
  CHECK_FALSE(merge_split_index(split, shared));
  split.link->deleted = EwahBitmap{3, {std::uint64_t{1} << 33, 0b010}};
  const auto merged = merge_split_index(split, shared);
  REQUIRE(merged);
  CHECK(merged->entries.size() == 2);
}

TEST_CASE("GIT_INDEX_FILE naming a missing file is an error, not an empty index") {
  TempRepo repo;
  populate(repo);
  repo.write("a/leak.txt", "staged\n");
  repo.git("add a/leak.txt"); // staged in the real index
  struct Sink final : scanner::CatalogSink {
    bool push(scanner::Chunk) override { return true; }
    void error(scanner::InputError) override {}
    void skipped(const std::string&, const std::string&) override {}
  } sink;
  std::stop_source stop;
  const Status st = StagedSource(repo.dir(), repo.dir() + "/.git/no-such-index")
                        .run(sink, stop.get_token());
  REQUIRE_FALSE(st.is_ok());
  CHECK(st.message().find("GIT_INDEX_FILE names") != std::string::npos);
}
