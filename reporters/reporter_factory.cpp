#include <string>

#include "reporters/csv_reporter.h"
#include "reporters/gitlab_reporter.h"
#include "reporters/json_reporter.h"
#include "reporters/jsonl_reporter.h"
#include "reporters/junit_reporter.h"
#include "reporters/reporter.h"
#include "reporters/sarif_reporter.h"
#include "reporters/text_reporter.h"

namespace keysift::reporters {

Result<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "jsonl") return Format::jsonl;
  if (name == "sarif") return Format::sarif;
  if (name == "gitlab") return Format::gitlab;
  if (name == "junit") return Format::junit;
  if (name == "csv") return Format::csv;
  return Status::error("unknown report format '" + std::string(name) +
                       "' (expected text, json, jsonl, sarif, gitlab, junit or csv)");
}

std::unique_ptr<Reporter> make_reporter(Format format, std::ostream& out,
                                        const ReportOptions& options) {
  switch (format) {
  case Format::text:
    return std::make_unique<TextReporter>(out, options);
  case Format::json:
    return std::make_unique<JsonReporter>(out, options);
  case Format::jsonl:
    return std::make_unique<JsonlReporter>(out, options);
  case Format::sarif:
    return std::make_unique<SarifReporter>(out, options);
  case Format::gitlab:
    return std::make_unique<GitlabReporter>(out, options);
  case Format::junit:
    return std::make_unique<JunitReporter>(out, options);
  case Format::csv:
    return std::make_unique<CsvReporter>(out, options);
  }
  return nullptr; // unreachable: every enumerator is handled above
}

} // namespace keysift::reporters
