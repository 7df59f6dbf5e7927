// The places of a finding, for the formats that report each place on its own (SARIF,
// GitLab, JUnit, CSV): the finding's own location first, then each other location where
// the same bytes were seen (a git blob at several commits or paths), each with its line
// and its named fields (reporters/location_fields.h). Internal to reporters/. Pure
// functions; thread-safe. A Place points into the finding.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reporters/location_fields.h"
#include "scanner/finding.h"

namespace keysift::reporters {

struct Place {
  const scanner::Location* where = nullptr;
  std::string_view path;
  // Of the secret at this place; the columns are 0 where unknown (another version of the
  // file, where only the line was recorded).
  std::uint64_t line = 0, column = 0, end_line = 0, end_column = 0;
  Fields fields;     // commit, author, image, layer, … ("line" removed)
  bool first = true; // the finding's own location

  // The value of the field `name`, or empty.
  std::string_view field(std::string_view name) const;
};

// Every place of `finding`; none when it has no origin.
std::vector<Place> places_of(const scanner::Finding& finding,
                             const scanner::Catalog& catalog);

// GitLab's severity words for a keysift severity: "Critical", "High", "Medium", "Low",
// "Info"; "Unknown" for any other.
std::string_view title_severity(std::string_view severity);

} // namespace keysift::reporters
