#include "scanner/sources/filesystem.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>

#include "rules/loader.h"
#include "scanner/pipeline.h"
#include "scanner/sources/memory.h"

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

  // What is allowlisted is the pipeline's gate's to skip (gate_test.cpp), not the walk's.
  sources::FilesystemSource src({root.string(), (root / "missing").string()});
  Collector sink;
  REQUIRE(src.run(sink, {}).is_ok());
  std::sort(sink.files.begin(), sink.files.end());
  CHECK(sink.files == std::vector<std::string>{(root / "a.txt").string(),
                                               (root / "corpus/c.txt").string(),
                                               (root / "sub/b.txt").string()});
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0] == (root / "missing").string() + ": No such file or directory");
  CHECK(sink.skips.size() == 2); // .git and the link
  fs::remove_all(root);
}

TEST_CASE("display paths drop a leading ./") {
  CHECK(sources::display_path("./a/b") == "a/b");
  CHECK(sources::display_path("a/b") == "a/b");
  CHECK(sources::display_path(".") == ".");
}

namespace {

std::shared_ptr<const CompiledRules> one_rule() {
  auto set = keysift::rules::parse_rules(R"([[rules]]
id = "t"
description = "t"
regex = '''tok_[a-z]{8}'''
examples = ["tok_abcdefgh"]
)",
                                         "t.toml");
  REQUIRE(set.is_ok());
  auto compiled = CompiledRules::compile(std::move(set).value(), CompileOptions{});
  REQUIRE(compiled.is_ok());
  return compiled.value();
}

Chunk file_chunk(const fs::path& p, bool named) {
  Chunk c;
  c.origin = make_origin(FileOrigin{p.string()});
  c.file = p.string();
  c.named = named;
  return c;
}

} // namespace

TEST_CASE("a listed file that became a FIFO or a link, or vanished, before it was read") {
  const fs::path root =
      fs::temp_directory_path() / ("keysift-fs-race-" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "ok.txt", "fine\n");
  REQUIRE(::mkfifo((root / "fifo").c_str(), 0600) == 0); // no writer: a blocking open hangs
  fs::create_symlink("/etc/hostname", root / "link");    // out of the scanned tree
  std::vector<Chunk> chunks;
  for (const char* name : {"ok.txt", "fifo", "link", "gone.txt"})
    chunks.push_back(file_chunk(root / name, false));
  sources::MemorySource listed(std::move(chunks));
  const ScanReport report = Pipeline(one_rule(), {}).run(listed);
  CHECK(report.stats.files_scanned == 1);
  CHECK(report.stats.skipped ==
        std::map<std::string, std::uint64_t>{{"special file", 1}, {"symlink", 1}});
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].path == (root / "gone.txt").string());
  CHECK(report.errors[0].kind == "unreadable");

  // Named on the command line (`keysift scan <(cmd)`), a pipe is read as it is written.
  std::thread writer([&] { std::ofstream(root / "fifo") << "key tok_abcdefgh\n"; });
  std::vector<Chunk> named;
  named.push_back(file_chunk(root / "fifo", true));
  sources::MemorySource given(std::move(named));
  const ScanReport piped = Pipeline(one_rule(), {}).run(given);
  writer.join();
  CHECK(piped.findings.size() == 1);
  CHECK(piped.stats.files_scanned == 1);
  fs::remove_all(root);
}

TEST_CASE("a directory that vanishes between its listing and its walk is a gap") {
  const fs::path root =
      fs::temp_directory_path() / ("keysift-fs-vanish-" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "first" / "a.txt", "a");
  write(root / "second" / "b.txt", "b");
  // Both directories are listed before either is walked; the first file pushed removes
  // the other directory, whichever order readdir gave.
  struct Remover final : CatalogSink {
    fs::path root;
    std::vector<std::string> errors;
    bool push(Chunk c) override {
      const std::string own = fs::path(c.file).parent_path().filename().string();
      fs::remove_all(root / (own == "first" ? "second" : "first"));
      return true;
    }
    void error(InputError e) override { errors.push_back(e.kind + " " + e.path); }
    void skipped(const std::string&, const std::string&) override {}
  } sink;
  sink.root = root;
  sources::FilesystemSource src({root.string()});
  REQUIRE(src.run(sink, {}).is_ok());
  REQUIRE(sink.errors.size() == 1);
  CHECK(sink.errors[0].starts_with("unreadable " + root.string() + "/"));
  fs::remove_all(root);
}
