// Shared by the reporters' tests: a hand-built report with synthetic secrets, a helper
// that runs a reporter on it, and golden-file comparison. Not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "reporters/reporter.h"
#include "scanner/finding.h"

namespace keysift::reporters::testing {

// Three findings (sorted): one with provenance attrs and a space in its path; one whose
// line and match hold terminal escapes, a control character and invalid UTF-8; one with a
// multi-byte secret on a line too long to show whole. One input error, skips, stats, and
// a rule that did not fire. Every secret is fake.
scanner::ScanReport sample_report();

// Runs a reporter of `format` as the pipeline does: on_finding for each finding (in
// report order), then finish. Fails the test if the reporter reports a failure.
std::string render(Format format, const ReportOptions& options,
                   const scanner::ScanReport& report);

// Compares `actual` with reporters/testdata/<name> under KEYSIFT_SOURCE_DIR; with
// KEYSIFT_UPDATE_GOLDEN=1 in the environment, writes it there instead.
void check_golden(std::string_view name, const std::string& actual);

} // namespace keysift::reporters::testing
