#include "scanner/pipeline.h"

#include <doctest/doctest.h>

#include <string>

#include "scanner/test_rules.h"

using namespace keysift;
using namespace keysift::scanner;

namespace {

const std::string secret_line = "token dmo_a1B2c3D4e5F6g7H8i9J0\n";

// Pushes `before` chunks, then asks for a stop through `stopper`, then tries to push
// one more and records whether the pipeline took it.
class StoppingSource final : public Source {
public:
  StoppingSource(std::stop_source& stopper, int before)
      : stopper_(stopper), before_(before) {}
  Status run(ChunkSink& sink, std::stop_token stop) override {
    for (int i = 0; i < before_; ++i) {
      Chunk c;
      c.origin = make_origin(FileOrigin{"f" + std::to_string(i)});
      c.data = secret_line;
      if (!sink.push(std::move(c))) return Status::ok();
    }
    stopper_.request_stop();
    saw_stop = stop.stop_requested();
    Chunk late;
    late.origin = make_origin(FileOrigin{"late"});
    late.data = secret_line;
    pushed_after_stop = sink.push(std::move(late));
    return Status::ok();
  }
  bool saw_stop = false;
  bool pushed_after_stop = true;

private:
  std::stop_source& stopper_;
  int before_;
};

bool has_gap(const ScanReport& report, const std::string& kind) {
  for (const auto& e : report.errors)
    if (e.kind == kind) return true;
  return false;
}

} // namespace

TEST_CASE("a stop requested mid-run refuses further chunks and marks the run interrupted") {
  auto rules = testing::compile_rules_text(testing::demo_rules);
  std::stop_source stopper;
  StoppingSource source(stopper, 3);
  PipelineOptions options;
  options.threads = 1;
  auto report = Pipeline(rules, options).run(source, {}, stopper.get_token());
  CHECK(source.saw_stop);
  CHECK_FALSE(source.pushed_after_stop);
  CHECK(has_gap(report, gap::interrupted));
  for (const auto& f : report.findings) CHECK(path_of(f.origin->where) != "late");
}

TEST_CASE("a run nobody stops is not interrupted") {
  auto rules = testing::compile_rules_text(testing::demo_rules);
  std::stop_source never;
  StoppingSource source(never, 2);
  // The source stops its own token here, which the pipeline is not watching.
  auto report = Pipeline(rules, PipelineOptions{}).run(source, {}, std::stop_token());
  CHECK(source.pushed_after_stop);
  CHECK_FALSE(has_gap(report, gap::interrupted));
  CHECK(report.findings.size() == 3);
}

namespace {

class TextSource final : public Source {
public:
  explicit TextSource(std::string text) : text_(std::move(text)) {}
  Status run(ChunkSink& sink, std::stop_token) override {
    Chunk c;
    c.origin = make_origin(FileOrigin{"t"});
    c.data = text_;
    sink.push(std::move(c));
    return Status::ok();
  }

private:
  std::string text_;
};

const char* const checked_rule = R"(
[[rules]]
id = "checked-token"
description = "a token with a checksum"
regex = '''\b(?P<secret>ghx_[A-Za-z0-9]{36})\b'''
validate = "base62-crc32"
examples = ["ghx_j1Jxyz7g7GMkfuPYDoLxe6ohpEdnEw0udPE2"]
)";

} // namespace

TEST_CASE("a candidate that fails its rule's format check is counted, per run") {
  auto rules = testing::compile_rules_text(checked_rule);
  PipelineOptions options;
  options.threads = 1;
  Pipeline pipe(rules, options);
  TextSource lookalike("key = ghx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
  auto report = pipe.run(lookalike);
  CHECK(report.findings.empty());
  CHECK(report.stats.format_rejects == 1);
  TextSource valid("key = ghx_j1Jxyz7g7GMkfuPYDoLxe6ohpEdnEw0udPE2\n");
  report = pipe.run(valid);
  CHECK(report.findings.size() == 1);
  CHECK(report.stats.format_rejects == 0);
}
