// keysift's pack reader against libgit2, object for object, on repositories made with
// git (deltas, deep chains, loose objects, several packs), on this project's own clone,
// and on any repositories named in KEYSIFT_EQUALITY_REPOS (colon-separated: a real one
// such as curl's, run by hand or by bench/). Each object must have libgit2's type and
// bytes, and hash to its id.
#include <cstdlib>
#include <sstream>

#include <doctest/doctest.h>

#include "git/handles.h"
#include "git/object_reader.h"
#include "git/test_repo.h"

using namespace keysift;
using namespace keysift::git;
using keysift::git::testing::TempRepo;

namespace {

int collect(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

struct Tally {
  std::size_t objects = 0, ours = 0, ofs_deltas = 0, ref_deltas = 0;
};

// Compares every object of the repository at `path`; returns how many it checked.
Tally compare_all(const std::string& path, ReaderLimits limits = {}) {
  auto repo = open_repository(path);
  REQUIRE(repo);
  git_odb* raw = nullptr;
  REQUIRE(git_repository_odb(&raw, repo->get()) == 0);
  Odb odb(raw);
  std::vector<git_oid> all;
  REQUIRE(git_odb_foreach(odb.get(), collect, &all) == 0);
  auto store = ObjectStore::open(git_repository_commondir(repo->get()), limits);
  REQUIRE(store);
  ObjectReader reader(*store);
  Tally tally;
  for (const auto& pack : (*store)->packs())
    for (std::uint32_t i = 0; i < pack->index().count(); ++i) {
      auto h = pack->header(pack->index().offset(i));
      REQUIRE(h);
      tally.ofs_deltas += h->type == PackType::ofs_delta ? 1u : 0u;
      tally.ref_deltas += h->type == PackType::ref_delta ? 1u : 0u;
    }
  for (const auto& oid : all) {
    ++tally.objects;
    if (!reader.contains(oid)) continue; // alternates: libgit2's
    auto ours = reader.read(oid);
    REQUIRE_MESSAGE(ours, ours.error());
    git_odb_object* theirs_raw = nullptr;
    REQUIRE(git_odb_read(&theirs_raw, odb.get(), &oid) == 0);
    OdbObject theirs(theirs_raw);
    const std::string_view want(static_cast<const char*>(git_odb_object_data(theirs.get())),
                                git_odb_object_size(theirs.get()));
    const git_object_t type = to_git_type((*ours)->type());
    CHECK_MESSAGE(type == git_odb_object_type(theirs.get()), oid_hex(oid));
    CHECK_MESSAGE((*ours)->view() == want, oid_hex(oid));
    git_oid hashed;
    REQUIRE(git_odb_hash(&hashed, (*ours)->data(), (*ours)->size(), type) == 0);
    CHECK_MESSAGE(git_oid_equal(&hashed, &oid), oid_hex(oid));
    ++tally.ours;
  }
  return tally;
}

// A history whose files change a little at each commit, so that gc stores deltas.
void make_history(TempRepo& repo, int commits) {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "line " + std::to_string(i) + " of the first version\n";
  for (std::size_t c = 0; c < static_cast<std::size_t>(commits); ++c) {
    text.insert(text.size() / (c % 7 + 2),
                "inserted at commit " + std::to_string(c) + "\n");
    repo.write("src/main.txt", text);
    repo.write("docs/note" + std::to_string(c % 5) + ".md", text.substr(0, 500 + c * 3));
    repo.write("bin/data.bin", std::string(300 + c, '\0') + text);
    repo.git("add -A && git commit -qm 'commit " + std::to_string(c) + "'");
  }
}

} // namespace

TEST_CASE("pack reader: every object equals libgit2's, in packs and loose") {
  TempRepo repo;
  make_history(repo, 40);
  SUBCASE("aggressive gc: deep delta chains") {
    repo.git("gc -q --aggressive");
    auto t = compare_all(repo.dir());
    CHECK(t.ours == t.objects);
    CHECK(t.objects > 150);
    CHECK(t.ofs_deltas > 50);
  }
  SUBCASE("two packs and loose objects, a tiny base cache") {
    repo.git("repack -adq --depth=250 --window=50");
    make_history(repo, 5);  // these stay loose
    repo.git("repack -dq"); // a second pack for the new objects
    make_history(repo, 2);
    ReaderLimits tiny;
    tiny.cache_bytes = 4096;
    auto t = compare_all(repo.dir(), tiny);
    CHECK(t.ours == t.objects);
  }
  SUBCASE("ref deltas (a pack written without offset deltas)") {
    repo.git("-c repack.useDeltaBaseOffset=false repack -adfq");
    auto t = compare_all(repo.dir());
    CHECK(t.ours == t.objects);
    CHECK(t.ref_deltas > 50);
  }
}

TEST_CASE("pack reader: this project's own clone and KEYSIFT_EQUALITY_REPOS") {
  std::vector<std::string> repos;
  if (const char* src = std::getenv("KEYSIFT_SOURCE_DIR")) repos.emplace_back(src);
  if (const char* more = std::getenv("KEYSIFT_EQUALITY_REPOS")) {
    std::stringstream list(more);
    for (std::string item; std::getline(list, item, ':');)
      if (!item.empty()) repos.push_back(item);
  }
  for (const auto& path : repos) {
    if (!open_repository(path)) continue; // a source tree outside git (a tarball)
    auto t = compare_all(path);
    MESSAGE(path << ": " << t.ours << " of " << t.objects << " objects compared ("
                 << t.ofs_deltas << " offset deltas, " << t.ref_deltas << " ref deltas)");
    CHECK(t.ours > 0);
  }
}
