// Facts about a finished scan that several formats state (internal to reporters/): a
// rule's help text, whether the scan covered everything it was asked to, and a one-line
// account of what it covered. Pure functions; thread-safe.
#pragma once

#include <string>

#include "rules/rule.h"
#include "scanner/finding.h"

namespace keysift::reporters {

// The rule's help (what the credential gives access to, how to revoke and rotate it), or
// a general text naming the rule's description when it has none.
std::string rule_help(const rules::Rule& rule);

// Whether the scan covered everything it was asked to: its coverage status is complete
// (or partial: only gaps --allow-partial accepts); without a status, no input failed.
bool scan_complete(const scanner::ScanReport& report);

// "scanned 12 files (1.2 MB); skipped 2 (1 binary, 1 symlink); 1 input failed".
std::string coverage_line(const scanner::ScanReport& report);

} // namespace keysift::reporters
