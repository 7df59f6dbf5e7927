// The gitlab format: GitLab's secret detection report (schema 15.2.4), which GitLab reads
// from a `reports: secret_detection` artifact to show findings in merge requests and the
// vulnerability report. One vulnerability per place a secret was found (a finding seen at
// several commits or paths gives one each), with a stable id (derived from the content
// fingerprint, the file, the line and the commit), the rule as primary identifier, the
// severity, the file, the lines, and the commit where the finding has one (else
// ReportOptions::default_commit, else a zero id). scan.status is "failure" when the scan
// was incomplete (an input could not be read), with each such input as a message.
// Written by finish(). Used by one thread; does not own the stream.
#pragma once

#include <chrono>
#include <string>

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class GitlabReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

// Exposed for tests: "2026-12-01T09:30:00" (UTC, the schema's format).
std::string gitlab_time(std::chrono::system_clock::time_point t);

// Exposed for tests: a UUID-shaped id (version 8, RFC 9562) from a SHA-256 of `key`.
std::string uuid_from(std::string_view key);

} // namespace keysift::reporters
