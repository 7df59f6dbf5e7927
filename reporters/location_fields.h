// What a report shows of a location besides its path (internal to reporters/): the named
// fields its typed provenance gives, in a fixed order — a commit's id, author, email,
// date and message; an unreachable blob's id; an image's name and platform, a layer's
// index, digest and whether the file is visible. Pure functions; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scanner/finding.h"

namespace keysift::reporters {

using Fields = std::vector<std::pair<std::string, std::string>>;

// The fields of `where`, described by `catalog` (an index it does not hold shows nothing).
Fields location_fields(const scanner::Location& where, const scanner::Catalog& catalog);

// A finding's fields: its first location's (but "line", which the format has), then
// "decoded" (and "attr_decoded") when it was found under an encoding.
Fields finding_fields(const scanner::Finding& finding, const scanner::Catalog& catalog);

} // namespace keysift::reporters
