// Shared by the tests of the reporters that report each place of a finding (SARIF,
// GitLab, JUnit, CSV): a report whose findings sit beyond a plain file. Not thread-safe.
#pragma once

#include "scanner/finding.h"

namespace keysift::reporters::testing {

// Two findings: a secret in a git blob reached at two commits and paths (the second
// location on line 2 as well), and one in a deleted file of an image's layer 1. The
// rule of the first has help text; the other has none. Complete (no input error).
scanner::ScanReport history_and_image_report();

} // namespace keysift::reporters::testing
