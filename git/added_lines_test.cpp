#include "git/added_lines.h"

#include <doctest/doctest.h>

using namespace keysift;
using namespace keysift::git;

namespace {

struct Collector final : scanner::CatalogSink {
  std::vector<scanner::Chunk> chunks;
  std::vector<Skipped> skipped_;
  bool push(scanner::Chunk c) override {
    chunks.push_back(std::move(c));
    return true;
  }
  void error(scanner::InputError) override {}
  void skipped(const std::string& path, const std::string& reason) override {
    skipped_.push_back({path, reason});
  }
};

AddedFile file(std::string path, const std::vector<std::uint64_t>& lines) {
  AddedFile f{std::move(path), {}};
  for (auto l : lines) f.lines.push_back({l, "line " + std::to_string(l) + "\n"});
  return f;
}

} // namespace

TEST_CASE("push_runs makes one chunk per run of consecutive lines") {
  Additions a;
  a.files.push_back(file("a.txt", {3, 4, 5, 9, 11, 12}));
  a.skipped.push_back({"img.png", "binary"});
  Collector sink;
  REQUIRE(push_runs(a, 7, sink));
  REQUIRE(sink.chunks.size() == 3);
  CHECK(sink.chunks[0].first_line == 3);
  CHECK(sink.chunks[0].data == "line 3\nline 4\nline 5\n");
  CHECK(sink.chunks[1].first_line == 9);
  CHECK(sink.chunks[2].first_line == 11);
  CHECK(sink.chunks[2].data == "line 11\nline 12\n");
  const auto& where = std::get<scanner::GitBlobOrigin>(sink.chunks[0].origin->where);
  CHECK(where.path == "a.txt");
  CHECK(where.commit == 7);
  REQUIRE(sink.skipped_.size() == 1);
  CHECK(sink.skipped_[0].reason == "binary");
}

TEST_CASE("common_additions keeps what differs from every parent") {
  Additions p1, p2;
  p1.files.push_back(file("f", {1, 2, 3}));
  p1.files.push_back(file("only-from-p2", {1}));
  p2.files.push_back(file("f", {2, 3, 4}));
  const Additions merged = common_additions({p1, p2});
  REQUIRE(merged.files.size() == 1);
  CHECK(merged.files[0].path == "f");
  REQUIRE(merged.files[0].lines.size() == 2);
  CHECK(merged.files[0].lines[0].line == 2);
  CHECK(merged.files[0].lines[1].line == 3);
  CHECK(common_additions({}).files.empty());
}
