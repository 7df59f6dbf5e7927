// Running a source through the pipeline into a reporter, and the exit-code policy every
// scanning command shares.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/options.h"
#include "reporters/reporter.h"
#include "scanner/compiled_rules.h"
#include "scanner/pipeline.h"

namespace keysift::cli {

// Prints "keysift: error: MESSAGE" to stderr and returns exit_error.
int fail(const std::string& message);

// What a run that scanned nothing means. Paths that yield no bytes cannot be called
// clean (a typo, a tree of binaries): an error. A git diff (staged, a range, a push)
// whose index or commits were all evaluated and add no line is clean: there is nothing
// that could hold a secret, and the command says what it evaluated ("0 commits").
enum class EmptyRun { error, clean };

// Scans `source`, writes the report where `options` say, and returns the exit code:
// findings -> options.exit_code; else any input error -> 2; else nothing scanned at all
// -> 2 (EmptyRun::error) or 0 (EmptyRun::clean); else 0.
// A `transform`, when given, rewrites the finished report before it is written (e.g.
// grouping a history's findings); findings are then not streamed as they are confirmed.
using ReportTransform = std::function<void(scanner::ScanReport&)>;
int scan_and_report(std::shared_ptr<const scanner::CompiledRules> rules,
                    const scanner::PipelineOptions& pipeline, scanner::Source& source,
                    reporters::Format format, const ScanOptions& options,
                    EmptyRun empty = EmptyRun::error,
                    const ReportTransform& transform = {});

// The exit code for a finished report (see scan_and_report).
int exit_code_for(const scanner::ScanReport& report, int findings_code,
                  EmptyRun empty = EmptyRun::error);

} // namespace keysift::cli
