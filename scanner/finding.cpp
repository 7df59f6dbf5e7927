#include "scanner/finding.h"

#include <tuple>

namespace keysift::scanner {

std::string_view Finding::path() const {
  return origin ? path_of(origin->where) : std::string_view();
}

// Rules are held in id order, so comparing indexes compares ids.
bool finding_less(const Finding& a, const Finding& b) {
  return std::make_tuple(a.path(), a.line, a.column, a.rule, std::string_view(a.secret)) <
         std::make_tuple(b.path(), b.line, b.column, b.rule, std::string_view(b.secret));
}

} // namespace keysift::scanner
