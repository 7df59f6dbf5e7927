// `keysift report merge`: the shards of a history audit (`keysift git --shard I/N`, one
// json report each) combined into the report a single run gives. Each shard scanned a
// disjoint share of the blobs; shard 0 also reports the walk. The merge checks that the
// reports are shards of one audit (same walk digest, rule set digest, keysift version and
// N), puts the shards' commits in one walk order (each shard's section gives every commit
// it names its walk number), regroups the findings of a secret seen at one path in blobs
// of different shards (git/group_findings.h: the earliest place leads, the allowed state
// is the leader's, as the suppression stage decides on the grouped finding), and sums the
// counts. A shard missing or given twice leaves a gap (the merged report is incomplete).
// Pure apart from the reports it is given; thread-safe on distinct inputs.
#pragma once

#include <string>
#include <vector>

#include "reporters/report_read.h"
#include "rules/rule.h"

namespace keysift::cli {

// The digest of a rule set that a shard's section records: two shards' findings can be
// merged only if the same rules made them.
std::string rules_digest(const rules::RuleSet& rules);

struct MergeInput {
  std::string name; // the file, for messages
  reporters::ReadReport read;
};

struct Merged {
  scanner::ScanReport report; // findings and allowed sorted; stats.status set
  bool show_allowed = false;
};

// An error when the inputs are not shards of one audit (or none is given).
Result<Merged> merge_shards(std::vector<MergeInput> inputs);

} // namespace keysift::cli
