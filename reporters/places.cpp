#include "reporters/places.h"

#include <algorithm>

namespace keysift::reporters {
namespace {

// The line a location records for the secret (0: the finding's own line).
std::uint64_t line_of(const scanner::Location& where) {
  if (const auto* blob = std::get_if<scanner::GitBlobOrigin>(&where)) return blob->line;
  if (const auto* object = std::get_if<scanner::GitObjectOrigin>(&where))
    return object->line;
  return 0;
}

Place place(const scanner::Finding& f, const scanner::Location& where,
            const scanner::Catalog& catalog, bool first) {
  Place p;
  p.where = &where;
  p.path = scanner::path_of(where);
  p.first = first;
  const std::uint64_t line = first ? 0 : line_of(where);
  if (line == 0) { // the same bytes: the finding's own position
    p.line = f.line;
    p.column = f.column;
    p.end_line = f.end_line;
    p.end_column = f.end_column;
  } else {
    p.line = line;
    p.end_line = line + (f.end_line - std::min(f.end_line, f.line));
  }
  p.fields = location_fields(where, catalog);
  std::erase_if(p.fields, [](const auto& field) { return field.first == "line"; });
  return p;
}

} // namespace

std::string_view Place::field(std::string_view name) const {
  for (const auto& [key, value] : fields)
    if (key == name) return value;
  return {};
}

std::vector<Place> places_of(const scanner::Finding& finding,
                             const scanner::Catalog& catalog) {
  std::vector<Place> out;
  if (!finding.origin) return out;
  out.push_back(place(finding, finding.origin->where, catalog, true));
  for (const auto& where : finding.origin->also)
    out.push_back(place(finding, where, catalog, false));
  return out;
}

std::string_view title_severity(std::string_view severity) {
  if (severity == "critical") return "Critical";
  if (severity == "high") return "High";
  if (severity == "medium") return "Medium";
  if (severity == "low") return "Low";
  if (severity == "info") return "Info";
  return "Unknown";
}

} // namespace keysift::reporters
