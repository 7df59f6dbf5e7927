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

void JsonlReporter::finish(const scanner::ScanReport& /*report*/) {}

} // namespace keysift::reporters
