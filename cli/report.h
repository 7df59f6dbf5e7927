// Running a source through the pipeline into a reporter, and the exit-code policy every
// scanning command shares.
#pragma once

#include <memory>
#include <string>

#include "cli/options.h"
#include "reporters/reporter.h"
#include "scanner/compiled_rules.h"
#include "scanner/pipeline.h"

namespace keysift::cli {

// Prints "keysift: error: MESSAGE" to stderr and returns exit_error.
int fail(const std::string& message);

// Scans `source`, writes the report where `options` say, and returns the exit code:
// findings -> options.exit_code; else any input error, or nothing scanned at all -> 2;
// else 0.
int scan_and_report(std::shared_ptr<const scanner::CompiledRules> rules,
                    const scanner::PipelineOptions& pipeline, scanner::Source& source,
                    reporters::Format format, const ScanOptions& options);

// The exit code for a finished report (see scan_and_report).
int exit_code_for(const scanner::ScanReport& report, int findings_code);

} // namespace keysift::cli
