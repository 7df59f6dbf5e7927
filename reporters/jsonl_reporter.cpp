#include "reporters/jsonl_reporter.h"

#include "reporters/json_out.h"

namespace keysift::reporters {

void JsonlReporter::on_finding(const scanner::Finding& finding,
                               const scanner::ScanReport& context) {
  std::string line;
  guarded("cannot write the jsonl report", [&] {
    JsonOut out(line, -1);
    write_finding(out, finding, context, options().show_secrets);
    line += '\n';
  });
  if (status().is_ok()) write(line, true);
}

// What the policy waved through comes last, once the run is over (--show-allowed).
void JsonlReporter::finish(const scanner::ScanReport& report) {
  if (!options().show_allowed) return;
  for (const auto& finding : report.allowed) on_finding(finding, report);
}

} // namespace keysift::reporters
