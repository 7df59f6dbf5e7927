#include "scanner/finding.h"

#include <tuple>

namespace keysift::scanner {

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.provenance.path, a.line, a.column, a.rule_id, a.secret) <
         std::tie(b.provenance.path, b.line, b.column, b.rule_id, b.secret);
}

} // namespace keysift::scanner
