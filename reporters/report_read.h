// Reading a json report back: the reports `keysift report merge` combines
// (cli/report_merge.h). The input is untrusted — a file from another machine, a CI
// artefact anyone could have replaced — so the reader bounds what it accepts before it
// parses (size, nesting depth: codec/json_depth.h), checks every field's type, and
// turns anything unexpected into an error naming the field, never an exception or a
// crash. It reads what JsonReporter writes for a history audit: findings and allowed
// findings (with their git locations, rebuilt as typed provenance), errors, stats, notes
// and the shard section (reporters/reporter.h). Secrets and matches are read as shown
// (usually redacted): a report rebuilt from them is written again with show_secrets.
// Pure; thread-safe on distinct inputs.
#pragma once

#include <cstddef>
#include <string_view>

#include "reporters/reporter.h"
#include "rules/status.h"
#include "scanner/finding.h"

namespace keysift::reporters {

struct ReadLimits {
  std::size_t max_bytes = 64u << 20; // one report (parsed, it takes some ten times that)
  std::size_t max_findings = 2'000'000;
  std::size_t max_locations = 4'000'000; // other places, over all findings
};

struct ReadReport {
  // findings and allowed rebuilt; rules: the rules they name (id order), with their help
  // from the shard section; catalog: the commits they name, in the order first seen.
  scanner::ScanReport report;
  bool has_shard = false;
  ShardSection shard;
};

Result<ReadReport> read_json_report(std::string_view text, const ReadLimits& limits = {});

} // namespace keysift::reporters
