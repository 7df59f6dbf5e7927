// The history audit end to end through the real pipeline (walk and pack scans as tasks,
// the join), on repositories made with git: attribution to the introducing commit, the
// other places a blob was seen, limits, loose and packed objects, allowlisted paths.
#include <doctest/doctest.h>

#include "git/group_findings.h"
#include "git/history_source.h"
#include "git/test_repo.h"
#include "scanner/pipeline.h"
#include "scanner/test_rules.h"

using namespace keysift;
using namespace keysift::git;
using keysift::git::testing::TempRepo;

namespace {

std::string demo_token(char c) {
  return "dmo_" + std::string(20, c);
}

struct Audit {
  scanner::ScanReport report;
  HistorySummary summary;
  // Finding i's path, the commit id of its first place, and the paths of the others.
  std::string path(std::size_t i) const {
    return std::string(report.findings.at(i).path());
  }
  std::string commit(std::size_t i) const {
    const auto& where =
        std::get<scanner::GitBlobOrigin>(report.findings.at(i).origin->where);
    return report.catalog.commits.at(where.commit).id;
  }
  std::vector<std::string> also(std::size_t i) const {
    std::vector<std::string> out;
    for (const auto& l : report.findings.at(i).origin->also)
      out.emplace_back(scanner::path_of(l));
    return out;
  }
};

Audit audit(const std::string& dir, HistoryOptions options = {}, unsigned threads = 2,
            scanner::GateOptions gate = {}, scanner::ProgressCounters* progress = nullptr) {
  options.repo_path = dir;
  options.tasks = threads;
  scanner::PipelineOptions pipeline;
  pipeline.threads = threads;
  pipeline.gate = std::move(gate);
  pipeline.progress = progress;
  scanner::Pipeline run(scanner::testing::compile_rules_text(scanner::testing::demo_rules),
                        pipeline);
  HistorySource source(options);
  Audit out;
  out.report = run.run(source);
  group_findings(out.report.findings);
  out.summary = source.summary();
  return out;
}

} // namespace

TEST_CASE("history: progress counts the commits walked and every blob read") {
  TempRepo repo;
  std::uint64_t blob_bytes = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string text = "line " + std::to_string(i) + " " + std::string(100 * i, 'x');
    blob_bytes += text.size();
    repo.write("f" + std::to_string(i) + ".txt", text);
    repo.git("add . && git commit -qm c" + std::to_string(i));
  }
  for (const bool packed : {false, true}) {
    INFO((packed ? "packed" : "loose"));
    if (packed) repo.git("gc -q");
    scanner::ProgressCounters counters;
    const Audit a = audit(repo.dir(), {}, 2, {}, &counters);
    CHECK(a.report.errors.empty());
    CHECK(counters.commits_total == 3);
    CHECK(counters.commits == 3);
    CHECK(counters.inputs == 3); // each distinct blob once
    CHECK(counters.bytes == blob_bytes);
  }
}

TEST_CASE("history: each blob once, at the commit that introduced it, with its places") {
  TempRepo repo;
  repo.write("a/conf.txt", "token=" + demo_token('A') + "\n");
  repo.git("add . && git commit -qm first");
  const std::string first = repo.git("rev-parse HEAD");
  repo.write("b/copy.txt", "token=" + demo_token('A') + "\n"); // same blob, second path
  repo.write("other.txt", "key " + demo_token('B') + "\n");
  repo.git("add . && git commit -qm second");
  const std::string second = repo.git("rev-parse HEAD");
  repo.git("tag v1");
  for (const bool packed : {false, true}) {
    INFO((packed ? "packed" : "loose"));
    if (packed) repo.git("gc -q");
    for (const unsigned threads : {1u, 2u}) {
      const Audit a = audit(repo.dir(), {}, threads);
      CHECK(a.summary.commits == 2);
      CHECK(a.report.errors.empty());
      REQUIRE(a.report.findings.size() == 2);
      CHECK(a.path(0) == "a/conf.txt");
      CHECK(a.commit(0) == first);
      CHECK(a.also(0) == std::vector<std::string>{"b/copy.txt"});
      CHECK(a.path(1) == "other.txt");
      CHECK(a.commit(1) == second);
      // two blobs and two commit messages, each scanned once
      CHECK(a.report.stats.files_scanned == 4);
      CHECK(a.report.stats.scanned.at("messages") == 2);
      CHECK(a.report.catalog.commits.size() == 2); // only the commits findings name
    }
  }
  SUBCASE("--max-commits: what was there before the window is not reported") {
    repo.git("gc -q");
    HistoryOptions newest;
    newest.limits.max_commits = 1;
    const Audit a = audit(repo.dir(), newest);
    REQUIRE(a.report.findings.size() == 1);
    CHECK(a.path(0) == "other.txt");
    CHECK(a.report.stats.files_scanned == 2); // its blob and its message
  }
  SUBCASE("an allowlisted path is no place; a blob only there is skipped") {
    repo.write("c/only.txt", "x " + demo_token('C') + "\n");
    repo.git("add . && git commit -qm third && git gc -q");
    scanner::GateOptions gate;
    gate.skip_path = [](std::string_view p) {
      return p.rfind("a/", 0) == 0 || p[0] == 'c';
    };
    const Audit a = audit(repo.dir(), {}, 2, gate);
    REQUIRE(a.report.findings.size() == 2);
    CHECK(a.path(0) == "b/copy.txt");
    CHECK(a.commit(0) == second);
    CHECK(a.also(0).empty());
    CHECK(a.report.stats.skipped.at("allowlisted path") == 1);
  }
}
