// The Matcher's entry point for databases other than the rules' own (keysift redact's):
// hits reach the callback with the expression's id and end, in block and stream mode.
#include "scanner/matcher.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "scanner/test_rules.h"

using namespace keysift::scanner;

namespace {

using Hit = std::pair<unsigned, std::uint64_t>; // id, end

// "abc" (id 7), "xyz" (id 9) and "tail" at the very end of the data (id 3), which a
// stream can only report once it is closed.
HsDatabase tiny_db(unsigned mode) {
  const char* expressions[] = {"abc", "xyz", "tail\\z"};
  const unsigned flags[] = {0, 0, 0};
  const unsigned ids[] = {7, 9, 3};
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  const hs_error_t rc =
      hs_compile_multi(expressions, flags, ids, 3, mode, nullptr, &db, &err);
  HsCompileError owned(err);
  REQUIRE(rc == HS_SUCCESS);
  return HsDatabase(db);
}

struct Collect {
  std::vector<Hit>* hits;
  void operator()(std::uint32_t id, std::uint64_t end) const {
    hits->emplace_back(id, end);
  }
};

const std::string text = "..abc..xyz..tail"; // ends 5, 10, 16

} // namespace

TEST_CASE("Matcher runs any block-mode database through a callback") {
  const HsDatabase db = tiny_db(HS_MODE_BLOCK);
  Matcher matcher(testing::compile_rules_text(testing::demo_rules));
  std::vector<Hit> hits;
  REQUIRE(matcher.scan_block(db.get(), text, [&](std::uint32_t id, std::uint64_t end) {
    hits.emplace_back(id, end);
  }));
  CHECK(hits == std::vector<Hit>{{7, 5}, {9, 10}, {3, 16}});

  // A callable object, const or not, works the same; offsets are relative to the data.
  hits.clear();
  const Collect collect{&hits};
  REQUIRE(matcher.scan_block(db.get(), std::string_view(text).substr(2), collect));
  CHECK(hits == std::vector<Hit>{{7, 3}, {9, 8}, {3, 14}});

  // The same Matcher still runs the rules' own database: its scratch serves both.
  std::vector<Candidate> out;
  REQUIRE(matcher.scan_block("token dmo_a1B2c3D4e5F6g7H8i9J0 end", out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == 1); // demo-token (rules sort by id)
  CHECK(out[0].end == 30);
}

TEST_CASE("Matcher runs any stream-mode database through a callback") {
  const HsDatabase db = tiny_db(HS_MODE_STREAM);
  Matcher matcher(testing::compile_rules_text(testing::demo_rules));
  std::vector<Hit> hits;
  const auto collect = [&](std::uint32_t id, std::uint64_t end) {
    hits.emplace_back(id, end);
  };

  REQUIRE(matcher.stream_open(db.get()));
  for (const std::string_view slice : {"..ab", "c..x", "yz..ta", "il"})
    REQUIRE(matcher.stream_feed(slice, collect));
  CHECK(hits == std::vector<Hit>{{7, 5}, {9, 10}}); // offsets from the stream start
  REQUIRE(matcher.stream_close(collect));
  CHECK(hits == std::vector<Hit>{{7, 5}, {9, 10}, {3, 16}}); // the end was needed

  // Opening again starts over; a dropped stream reports nothing it still held.
  hits.clear();
  REQUIRE(matcher.stream_open(db.get()));
  REQUIRE(matcher.stream_feed("ab", collect));
  matcher.stream_drop();
  REQUIRE(matcher.stream_open(db.get()));
  REQUIRE(matcher.stream_feed("c tail", collect));
  REQUIRE(matcher.stream_open(db.get())); // drops the open stream: no "tail" report
  REQUIRE(matcher.stream_feed("xyz", collect));
  REQUIRE(matcher.stream_close(collect));
  CHECK(hits == std::vector<Hit>{{9, 3}});

  // The rules' own stream database on the same Matcher, after the other one.
  std::vector<Candidate> out;
  REQUIRE(matcher.stream_open());
  REQUIRE(matcher.stream_feed("token dmo_a1B2c3D4e5F6g", out));
  REQUIRE(matcher.stream_feed("7H8i9J0 end", out));
  REQUIRE(matcher.stream_close(out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == 1); // demo-token (rules sort by id)
  CHECK(out[0].end == 30);
}
