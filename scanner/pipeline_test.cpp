#include "scanner/pipeline.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include <unistd.h>

#include "codec/byte_reader.h"
#include "scanner/task.h"
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

namespace {

// Inputs of every kind a worker handles, then a task that looks at the counters
// mid-run and reports inputs of its own, and units of the coverage account.
class CountedSource final : public Source {
public:
  explicit CountedSource(std::string file) : file_(std::move(file)) {}
  Status run(ChunkSink& sink, std::stop_token) override {
    for (const std::string& data : {secret_line, secret_line, std::string(64, '\0')}) {
      Chunk c;
      c.origin = make_origin(FileOrigin{"data"});
      c.data = data; // the third is binary: skipped, but finished all the same
      sink.push(std::move(c));
    }
    Chunk streamed;
    streamed.origin = make_origin(FileOrigin{file_});
    streamed.file = file_;
    streamed.named = true;
    sink.push(std::move(streamed));
    Chunk task;
    task.task = [this](TaskContext& context) {
      ProgressCounters* p = context.progress();
      if (p == nullptr) return;
      seen_inputs = p->inputs.load();
      seen_bytes = p->bytes.load();
      p->commits_total = 7;
      context.progressed(5, 500);
    };
    sink.push(std::move(task));
    sink.expected("layers", 3);
    sink.covered("layers", 1);
    sink.covered("commits", 2);
    return Status::ok();
  }
  std::uint64_t seen_inputs = 0, seen_bytes = 0;

private:
  std::string file_;
};

} // namespace

TEST_CASE("progress counters follow the run as each input is finished") {
  auto rules = testing::compile_rules_text(testing::demo_rules);
  const std::string file = "/tmp/keysift_pipeline_progress_" + std::to_string(::getpid());
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 1000; ++i) out << "0123456789";
  }
  PipelineOptions options;
  options.threads = 1; // the task runs after every input before it is finished
  options.stream_threshold = 4096;
  options.slice_size = 1024; // the file is streamed in ten slices
  ProgressCounters counters;
  options.progress = &counters;
  CountedSource source(file);
  auto report = Pipeline(rules, options).run(source);
  (void)std::remove(file.c_str());
  const std::uint64_t block = 2 * secret_line.size();
  CHECK(report.stats.bytes_scanned == block + 10000);
  // Counted as the inputs finished, not only when the workers stop.
  CHECK(source.seen_inputs == 4);
  CHECK(source.seen_bytes == block + 10000);
  CHECK(counters.queued == 4); // the task is not an input
  CHECK(counters.listed);
  CHECK(counters.inputs == 4 + 5);
  CHECK(counters.bytes == block + 10000 + 500);
  CHECK(counters.commits_total == 7);
  CHECK(counters.layers_total == 3);
  CHECK(counters.layers == 1);
  CHECK(counters.diffed == 2);
}

TEST_CASE("a run without progress counters gives its tasks none") {
  auto rules = testing::compile_rules_text(testing::demo_rules);
  bool asked = false, none = false;
  struct TaskSource final : public Source {
    std::function<void(TaskContext&)> f;
    Status run(ChunkSink& sink, std::stop_token) override {
      Chunk c;
      c.task = f;
      sink.push(std::move(c));
      return Status::ok();
    }
  } source;
  source.f = [&](TaskContext& context) {
    asked = true;
    none = context.progress() == nullptr;
    context.progressed(1, 1); // nothing to count into: no effect
  };
  Pipeline(rules, PipelineOptions{}).run(source);
  CHECK(asked);
  CHECK(none);
}
