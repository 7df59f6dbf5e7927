// JSON helpers of the reporters built on nlohmann (SARIF), and a dump that never throws on
// invalid UTF-8 (internal to reporters/). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scanner/finding.h"

namespace keysift::reporters {

// Keys keep their insertion order, so the output order is the one written here.
using Json = nlohmann::ordered_json;

// `value` rounded to 3 decimals, so outputs do not carry float noise.
double round3(double value);

// json.dump with invalid UTF-8 replaced by U+FFFD instead of throwing. indent < 0: one
// line. Can still throw std::bad_alloc (callers run it guarded).
std::string dump_json(const Json& json, int indent);

// Adds `value` under `key`, or under "attr_<key>" if `key` is taken (then dropped if that
// is taken too): provenance must never overwrite a field of the format.
void add_attr(Json& object, const std::string& key, std::string_view value);

} // namespace keysift::reporters
