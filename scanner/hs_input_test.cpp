#include "scanner/hs_input.h"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "scanner/matcher.h"
#include "scanner/test_rules.h"

using namespace keysift::scanner;

namespace {

// A readable page followed by one mapped without access: bytes put at the end of the
// first page have nothing readable after them, as at the end of a large heap block.
class GuardPage {
public:
  GuardPage() : page_(static_cast<std::size_t>(sysconf(_SC_PAGESIZE))) {
    void* m = mmap(nullptr, 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    REQUIRE(m != MAP_FAILED);
    map_ = static_cast<char*>(m);
    REQUIRE(mprotect(map_ + page_, page_, PROT_NONE) == 0);
  }
  ~GuardPage() { munmap(map_, 2 * page_); }
  // `bytes` copied so that `room` readable bytes follow them.
  std::string_view put(std::string_view bytes, std::size_t room = 0) {
    REQUIRE(bytes.size() + room <= page_);
    char* at = map_ + page_ - room - bytes.size();
    std::memcpy(at, bytes.data(), bytes.size());
    return {at, bytes.size()};
  }

private:
  std::size_t page_;
  char* map_ = nullptr;
};

} // namespace

TEST_CASE("hs_readable copies only a buffer Hyperscan could read past into a new page") {
  GuardPage guard;
  std::string spare;
  const std::string text = "token dmo_a1B2c3D4e5F6g7H8i9J0 here";

  const std::string_view roomy = guard.put(text, kHsOverread);
  CHECK(hs_readable(roomy, spare).data() == roomy.data());
  CHECK(spare.empty());

  for (std::size_t room : {std::size_t{0}, std::size_t{1}, kHsOverread - 1}) {
    const std::string_view tight = guard.put(text, room);
    const std::string_view safe = hs_readable(tight, spare);
    CHECK(safe.data() != tight.data());
    CHECK(safe == text);
    REQUIRE(spare.size() >= text.size() + kHsOverread);
    CHECK(spare.data() == safe.data()); // the padding lies inside spare
  }

  CHECK(hs_readable({}, spare).empty());
}

TEST_CASE("hs_release_spare frees only a large copy") {
  std::string spare(100, 'x');
  const char* kept = spare.data();
  hs_release_spare(spare);
  CHECK(spare.data() == kept);
  spare.assign(std::size_t{2} << 20, 'x');
  hs_release_spare(spare);
  CHECK(spare.capacity() < (std::size_t{1} << 20));
}

TEST_CASE("the Matcher scans text that ends where readable memory ends") {
  // Every length of a line with hits, each put right before the guard page, in block
  // and stream mode: a read past the end would crash the test.
  const auto rules = testing::compile_rules_text(testing::demo_rules);
  Matcher matcher(rules);
  GuardPage guard;
  const std::string line =
      "key dmo_a1B2c3D4e5F6g7H8i9J0 and dmo_Z9y8X7w6V5u4T3s2R1q0 -----BEGIN DEMO-----\n";
  std::string text;
  while (text.size() < 600) text += line;
  std::size_t hits = 0;
  for (std::size_t n = 1; n <= text.size(); ++n) {
    const std::string_view bytes = guard.put(std::string_view(text).substr(0, n));
    std::vector<Candidate> block, stream;
    REQUIRE(matcher.scan_block(bytes, block).is_ok());
    REQUIRE(matcher.stream_open().is_ok());
    REQUIRE(matcher.stream_feed(bytes, stream).is_ok());
    REQUIRE(matcher.stream_close(stream).is_ok());
    CHECK(block.size() == stream.size());
    hits += block.size();
  }
  CHECK(hits > 0);
}
