#include "scanner/gate.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "scanner/pipeline.h"
#include "scanner/test_rules.h"

using namespace keysift;
using namespace keysift::scanner;

namespace {

const std::string secret_line = "token dmo_a1B2c3D4e5F6g7H8i9J0\n";

std::shared_ptr<const CompiledRules> allowlisting_rules() {
  return testing::compile_rules_text(std::string(testing::demo_rules) +
                                     "\n[allowlist]\npaths = ['(^|/)fixtures/']\n");
}

// A reader over a string, as an image source lends one for a large entry.
class StringReader final : public codec::ByteReader {
public:
  explicit StringReader(std::string s) : s_(std::move(s)) {}
  Result<std::size_t> read(char* out, std::size_t n) override {
    n = std::min(n, s_.size() - at_);
    s_.copy(out, n, at_);
    at_ += n;
    return n;
  }

private:
  std::string s_;
  std::size_t at_ = 0;
};

// Pushes each chunk it was given, whatever kind: the gate's decisions must not depend on
// how a source hands its bytes over.
class ListSource final : public Source {
public:
  explicit ListSource(std::vector<Chunk> chunks) : chunks_(std::move(chunks)) {}
  Status run(ChunkSink& sink, std::stop_token) override {
    for (auto& c : chunks_) sink.push(std::move(c));
    return Status::ok();
  }

private:
  std::vector<Chunk> chunks_;
};

enum class Kind { data, reader, load };

Chunk chunk(Kind kind, Location where, std::string bytes) {
  Chunk c;
  c.origin = make_origin(std::move(where));
  switch (kind) {
  case Kind::data:
    c.data = std::move(bytes);
    break;
  case Kind::reader:
    c.size = bytes.size();
    c.reader = std::make_shared<StringReader>(std::move(bytes));
    break;
  case Kind::load:
    c.load = [bytes]() -> Result<std::string> { return bytes; };
    break;
  }
  return c;
}

} // namespace

TEST_CASE("the gate judges path, then size, then content, with what it is told") {
  GateOptions options;
  options.max_size = 100;
  options.skip_path = [](std::string_view p) { return p.rfind("vendor/", 0) == 0; };
  const Gate gate(allowlisting_rules(), options);
  const std::string big(101, 'x');
  struct Row {
    GateInput in;
    Skip want;
  };
  const std::vector<Row> table = {
      {{"src/a.txt", 10, "text"}, Skip::none},
      {{"a/fixtures/b.txt", 10, "text"}, Skip::allowlisted_path}, // the rules' allowlist
      {{"vendor/lib.c", 10, "text"}, Skip::allowlisted_path},     // the policy's
      {{"vendor/big", 1000, std::string_view("\0", 1)}, Skip::allowlisted_path},
      {{"src/big.txt", 101, "text"}, Skip::too_large},
      {{"src/bin", 100, std::string_view("a\0b", 3)}, Skip::binary},
      {{std::nullopt, 101, std::string_view("\0", 1)}, Skip::too_large},
      {{std::nullopt, std::nullopt, big}, Skip::none}, // size unknown: not judged
      {{"src/a.txt", std::nullopt, std::nullopt}, Skip::none},
  };
  for (const auto& row : table) {
    INFO(row.in.path.value_or("(no path)"));
    CHECK(gate.judge(row.in) == row.want);
  }
  GateOptions binaries = options;
  binaries.scan_binary = true;
  CHECK(Gate(allowlisting_rules(), binaries).judge({"x", 1, std::string_view("\0", 1)}) ==
        Skip::none);
  // The default gate (a sink outside a pipeline) skips binaries and nothing else.
  CHECK(Gate().judge({"fixtures/x", UINT64_MAX, "text"}) == Skip::none);
  CHECK(Gate().judge({"x", 1, std::string_view("\0", 1)}) == Skip::binary);
  CHECK(skip_reason(Skip::allowlisted_path) == "allowlisted path");
  CHECK(skip_reason(Skip::too_large) == "too large");
}

TEST_CASE("the path an input is gated by: none where no policy could name one") {
  CHECK(Gate::path_of(FileOrigin{"a/b"}) == "a/b");
  CHECK(Gate::path_of(GitBlobOrigin{0, "a/b"}) == "a/b");
  CHECK(Gate::path_of(ImageOrigin{0, 1, "etc/x"}) == "etc/x");
  CHECK_FALSE(Gate::path_of(StdinOrigin{}));
  CHECK_FALSE(Gate::path_of(GitBlobOrigin{0, "<commit message>", 0, true}));
  CHECK_FALSE(Gate::path_of(ImageOrigin{0, no_index, "config:Env"}));
  CHECK_FALSE(Gate::path_of(GitObjectOrigin{"ab", "(unreachable)/ab"}));
}

TEST_CASE("the pipeline asks the gate about every chunk, however it is handed over") {
  for (const Kind kind : {Kind::data, Kind::reader, Kind::load}) {
    INFO("kind " << static_cast<int>(kind));
    std::vector<Chunk> chunks;
    chunks.push_back(chunk(kind, FileOrigin{"fixtures/a.txt"}, secret_line));
    chunks.push_back(chunk(kind, ImageOrigin{0, 0, "fixtures/b.txt"}, secret_line));
    chunks.push_back(
        chunk(kind, GitBlobOrigin{0, "bin.dat"}, std::string(1, '\0') + secret_line));
    chunks.push_back(
        chunk(kind, FileOrigin{"big.txt"}, secret_line + std::string(64, '#')));
    chunks.push_back(chunk(kind, StdinOrigin{}, secret_line)); // no path to allowlist
    chunks.push_back(chunk(kind, FileOrigin{"ok.txt"}, secret_line));
    ListSource source(std::move(chunks));
    PipelineOptions options;
    options.threads = 2;
    options.gate.max_size = 64;
    const ScanReport report = Pipeline(allowlisting_rules(), options).run(source);
    CHECK(report.errors.empty());
    CHECK(report.findings.size() == 2); // stdin and ok.txt
    CHECK(report.stats.files_scanned == 2);
    CHECK(report.stats.skipped ==
          std::map<std::string, std::uint64_t>{
              {"allowlisted path", 2}, {"binary", 1}, {"too large", 1}});
  }
}
