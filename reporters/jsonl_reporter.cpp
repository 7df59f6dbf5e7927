#include "reporters/jsonl_reporter.h"

#include "reporters/json_fields.h"

namespace keysift::reporters {

void JsonlReporter::on_finding(const scanner::Finding& finding) {
  std::string line;
  guarded("cannot write the jsonl report", [&] {
    line = dump_json(finding_to_json(finding, options().show_secrets), -1);
    line += '\n';
  });
  if (status().is_ok()) write(line, true);
}

void JsonlReporter::finish(const scanner::ScanReport& /*report*/) {}

} // namespace keysift::reporters
