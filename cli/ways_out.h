// What a blocked developer can do, finding by finding (printed on stderr when a hook or a
// gate finds a secret): the exact allow comment for the finding's file type, the baseline
// command and entry, the config lines that would allowlist it, and how to rotate instead.
// Pure formatting; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "scanner/finding.h"

namespace keysift::cli {

enum class Gate { commit, push, range, scan };

struct WaysOutContext {
  Gate gate = Gate::scan;
  std::string command;  // the command to re-run, e.g. "keysift git --staged"
  std::string baseline; // the baseline file to add to ("" : suggest keysift.baseline)
  // In a range or a push the policy comes from the base: a change to .keysift.toml, a
  // baseline or an ignore file takes effect only once merged.
  bool policy_from_base = false;
};

// The comment that allows `rule_id` on a line of `path`, in the file type's syntax.
std::string allow_comment_for(std::string_view path, std::string_view rule_id);

// The whole message for a report's findings.
std::string ways_out(const scanner::ScanReport& report, const WaysOutContext& context);

} // namespace keysift::cli
