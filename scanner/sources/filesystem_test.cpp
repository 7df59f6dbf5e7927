#include "scanner/sources/filesystem.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <doctest/doctest.h>

using namespace keysift::scanner;
namespace fs = std::filesystem;

namespace {

struct Collector final : CatalogSink {
  std::vector<std::string> files, errors, skips;
  bool push(Chunk c) override {
    files.emplace_back(path_of(c.origin->where));
    return true;
  }
  void error(InputError e) override { errors.push_back(e.path + ": " + e.reason); }
  void skipped(const std::string& p, const std::string& r) override {
    skips.push_back(p + " (" + r + ")");
  }
};

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

} // namespace

TEST_CASE("the walk finds files, skips .git and links, reports missing paths") {
  const fs::path root =
      fs::temp_directory_path() / ("keysift-fs-" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "a.txt", "a");
  write(root / "sub" / "b.txt", "b");
  write(root / ".git" / "config", "c");
  write(root / "corpus" / "c.txt", "c");
  fs::create_symlink(root / "a.txt", root / "link.txt");

  sources::FilesystemSource src(
      {root.string(), (root / "missing").string()},
      [](std::string_view p) { return p.find("/corpus/") != p.npos; });
  Collector sink;
  REQUIRE(src.run(sink, {}).is_ok());
  std::sort(sink.files.begin(), sink.files.end());
  CHECK(sink.files ==
        std::vector<std::string>{(root / "a.txt").string(), (root / "sub/b.txt").string()});
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0] == (root / "missing").string() + ": No such file or directory");
  CHECK(sink.skips.size() == 3);
  fs::remove_all(root);
}

TEST_CASE("display paths drop a leading ./") {
  CHECK(sources::display_path("./a/b") == "a/b");
  CHECK(sources::display_path("a/b") == "a/b");
  CHECK(sources::display_path(".") == ".");
}
