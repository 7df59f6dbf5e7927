// The coverage account of a run, as the json report's "stats" object and the SARIF run's
// "properties.coverage" (internal to reporters/). Both write the same fields, in order:
//   status         "complete" | "partial" | "incomplete" | "failed" (cli/report.h)
//   files_scanned, bytes_scanned   inputs and bytes scanned (kept from older reports)
//   requested      {"mode", "targets": [...], then units a source expected: "commits", …}
//   scanned        {"files", "bytes", then units covered whole: "commits", "layers", …}
//   skipped        {reason: count} — left out by design (binary, allowlisted path, …)
//   gaps           {kind: count} — not scanned though asked (scanner/finding.h, gap::)
//   allowed_gaps   [kind, …] — the kinds --allow-partial accepted
//   rules, seconds (wall time of the scan)
//   started, ended, cpu_seconds   when the command recorded them (stats.started_ms set):
//                  UTC times "2026-12-07T18:40:00.123Z" and the process's CPU seconds
// Pure functions; thread-safe.
#pragma once

#include "reporters/json_fields.h"
#include "reporters/json_out.h"
#include "scanner/finding.h"

namespace keysift::reporters {

void write_coverage(JsonOut& out, const scanner::ScanReport& report);
Json coverage_json(const scanner::ScanReport& report);
// Unix time in milliseconds as an RFC 3339 UTC time with milliseconds (SARIF's and JSON
// Schema's date-time): "2026-12-07T18:40:00.123Z".
std::string utc_time(std::int64_t unix_ms);

} // namespace keysift::reporters
