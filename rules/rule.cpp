#include "rules/rule.h"

#include <algorithm>

namespace keysift::rules {

bool Rule::is_generic() const {
  return std::find(tags.begin(), tags.end(), "generic") != tags.end();
}

} // namespace keysift::rules
