// redact_stream's output must not depend on how the input arrives: in one piece, in
// random pieces, with more waiting or not after each read (which switches between block
// mode and stream mode, redact/redact_scan.h), with one scan worker or several.
#include "redact/redact_stream.h"

#include <random>

#include <doctest/doctest.h>

#include "scanner/test_rules.h"

using namespace keysift;
using namespace keysift::scanner;
using namespace keysift::redact;

namespace {

// The demo rules (a line-local token with \b, a multi-line block with a literal start) and
// a line-local rule ending in $.
const char* const eol_rule = R"(
[[rules]]
id = "demo-eol"
description = "A key at the end of a line"
regex = '''key=(?P<secret>[a-z]{8,12})$'''
examples = ["key=abcdefgh"]
)";

std::shared_ptr<const scanner::CompiledRules> rules() {
  static const auto compiled =
      testing::compile_rules_text(std::string(testing::demo_rules) + eol_rule);
  return compiled;
}

// Plays a producer: hands out `text` in the given piece sizes; says more is waiting
// after a read when the script says so (whatever the truth, as a pipe may).
class ScriptedInput final : public RedactInput {
public:
  ScriptedInput(std::string_view text, std::vector<std::size_t> pieces,
                std::vector<bool> ready)
      : text_(text), pieces_(std::move(pieces)), ready_(std::move(ready)) {}
  Result<std::size_t> read(char* buf, std::size_t size,
                           const std::function<bool()>&) override {
    std::size_t n = std::min(size, text_.size() - at_);
    if (next_ < pieces_.size()) n = std::min(n, pieces_[next_++]);
    std::copy_n(text_.data() + at_, n, buf);
    at_ += n;
    return n;
  }
  bool ready() override { return ready_.empty() || ready_[reads_++ % ready_.size()]; }
  bool ready_within(int) override { return ready(); }

private:
  std::string_view text_;
  std::vector<std::size_t> pieces_;
  std::vector<bool> ready_;
  std::size_t at_ = 0, next_ = 0, reads_ = 0;
};

std::string redact_whole(std::string_view in) {
  Redactor r(rules(), {});
  REQUIRE(r.open().is_ok());
  std::string out;
  REQUIRE(r.feed(in, out).is_ok());
  REQUIRE(r.finish(out).is_ok());
  return out;
}

std::string redact_streamed(ScriptedInput& in, const RedactStreamOptions& options) {
  Redactor r(rules(), {});
  std::string out;
  const auto result = redact_stream(
      r, in,
      [&](const RedactPieces& pieces) {
        for (const std::string_view p : pieces) out.append(p);
        return 0;
      },
      options);
  REQUIRE(result.status.is_ok());
  return out;
}

// A log of short and long lines with secrets everywhere, some at line ends, some in
// multi-line blocks, and a last line without a newline.
std::string make_log(std::mt19937& gen, std::size_t lines) {
  const std::string tok = "dmo_a1B2c3D4e5F6g7H8i9J0";
  std::string log;
  for (std::size_t i = 0; i < lines; ++i) {
    const std::size_t len = gen() % 7 == 0 ? gen() % 3000 : gen() % 80;
    for (std::size_t k = 0; k < len; ++k) log += "abc de\xff_=-"[gen() % 10];
    switch (gen() % 9) {
    case 0:
      log += " " + tok + " ";
      break;
    case 1:
      log += " key=abcdefghij";
      break;
    case 2:
      log += "\n-----BEGIN DEMO-----\nAAAAbbbbCCCCdddd\nEEEE\n-----END DEMO-----";
      break;
    case 3:
      log += " -----BEGIN DEMO----- not a block";
      break;
    default:
      break;
    }
    log += '\n';
  }
  return log + "tail " + tok;
}

} // namespace

TEST_CASE("redact_stream gives the same output however the input arrives") {
  std::mt19937 gen(11);
  const std::string log = make_log(gen, 400);
  const std::string want = redact_whole(log);
  REQUIRE(want != log);
  RedactStreamOptions small; // blocks of a few KiB, so that a block edge falls anywhere
  small.block_size = 4096;
  small.bulk_min = 512;
  for (int round = 0; round < 60; ++round) {
    CAPTURE(round);
    std::vector<std::size_t> pieces;
    const std::size_t most = round % 3 == 0 ? 64 : round % 3 == 1 ? 2000 : 20000;
    for (std::size_t at = 0; at < log.size(); at += pieces.back())
      pieces.push_back(1 + gen() % most);
    std::vector<bool> ready;
    ready.reserve(97);
    for (int i = 0; i < 97; ++i) ready.push_back(round % 4 == 0 || gen() % 3 != 0);
    small.workers = 1 + static_cast<unsigned>(round % 3);
    ScriptedInput in(log, pieces, ready);
    CHECK(redact_streamed(in, small) == want);
  }
}

TEST_CASE("redact_stream in one piece, in bytes, and with default options") {
  std::mt19937 gen(5);
  const std::string log = make_log(gen, 200);
  const std::string want = redact_whole(log);
  ScriptedInput whole(log, {}, {true});
  CHECK(redact_streamed(whole, {}) == want);
  ScriptedInput bytes(log, std::vector<std::size_t>(log.size(), 1), {false});
  CHECK(redact_streamed(bytes, {}) == want);
  RedactStreamOptions tiny;
  tiny.block_size = 1; // every read is a block, the smallest the reader allows
  tiny.bulk_min = 1;
  ScriptedInput blocks(log, std::vector<std::size_t>(log.size() / 7 + 1, 7), {true});
  CHECK(redact_streamed(blocks, tiny) == want);
}

TEST_CASE("redact_stream: empty input, and input without a newline") {
  ScriptedInput empty("", {}, {});
  CHECK(redact_streamed(empty, {}).empty());
  const std::string line = "no newline dmo_a1B2c3D4e5F6g7H8i9J0";
  ScriptedInput one(line, {5, 20}, {true, false});
  CHECK(redact_streamed(one, {}) == "no newline ***REDACTED***");
}
