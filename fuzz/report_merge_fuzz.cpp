// Fuzz target: `keysift report merge`'s reader of json reports
// (reporters::read_json_report) and the merge of shards (cli::merge_shards). The reports
// come from other machines and CI artefacts: anyone may have written them.
// The input is cut into up to three reports at "\n\x1e\n" separators.
// Invariants: nothing crashes, hangs or throws; memory stays bounded by the limits; a
// report read and written again as json (with its shard section) reads back to the same
// json (writing is idempotent); a merge never yields more findings than its inputs hold
// and never calls an audit complete when a shard is missing.
#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/report_merge.h"
#include "fuzz/fuzz_support.h"
#include "reporters/report_read.h"
#include "reporters/reporter.h"

using namespace keysift;

namespace {

// The report written again as the json format writes it, shard section included.
std::string rewrite(const reporters::ReadReport& r) {
  std::ostringstream out;
  reporters::ReportOptions options;
  options.show_secrets = true;
  if (r.has_shard) options.shard = std::make_shared<reporters::ShardSection>(r.shard);
  options.show_allowed = true;
  auto reporter = reporters::make_reporter(reporters::Format::json, out, options);
  reporter->finish(r.report);
  return out.str();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  reporters::ReadLimits limits;
  limits.max_bytes = 1u << 20;
  limits.max_findings = 2000;
  limits.max_locations = 4000;
  std::vector<cli::MergeInput> inputs;
  std::size_t held = 0;
  std::size_t at = 0;
  for (int part = 0; part < 3 && at <= all.size(); ++part) {
    std::size_t end = all.find("\n\x1e\n", at);
    if (end == std::string_view::npos || part == 2) end = all.size();
    const std::string_view text = all.substr(at, end - at);
    at = end + 3;
    auto read = reporters::read_json_report(text, limits);
    if (!read) continue;
    fuzz::check(read->report.findings.size() + read->report.allowed.size() <=
                    limits.max_findings,
                "findings within the limit");
    const std::string written = rewrite(*read);
    auto again = reporters::read_json_report(written, {});
    fuzz::check(again.is_ok(), "a written report reads back");
    fuzz::check(rewrite(*again) == written, "writing a read report is idempotent");
    held += read->report.findings.size() + read->report.allowed.size();
    inputs.push_back({"part", std::move(read).value()});
  }
  if (inputs.empty()) return 0;
  std::vector<bool> present;
  const bool sharded = inputs.front().read.has_shard;
  if (sharded) present.assign(inputs.front().read.shard.count, false);
  for (const auto& in : inputs)
    if (in.read.has_shard && in.read.shard.index < present.size())
      present[in.read.shard.index] = true;
  const bool missing = std::find(present.begin(), present.end(), false) != present.end();
  auto merged = cli::merge_shards(std::move(inputs));
  if (!merged) return 0;
  fuzz::check(merged->report.findings.size() + merged->report.allowed.size() <= held,
              "a merge adds no finding");
  if (missing)
    fuzz::check(merged->report.stats.status != "complete", "a missing shard is a gap");
  return 0;
}
