#include "reporters/json_fields.h"

#include <cmath>

#include "reporters/display.h"

namespace keysift::reporters {

double round3(double value) {
  if (!std::isfinite(value)) return 0.0; // JSON has no NaN or infinity
  return std::round(value * 1000.0) / 1000.0;
}

std::string dump_json(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

void add_attr(Json& object, const std::string& key, std::string_view value) {
  if (!object.contains(key)) {
    object[key] = value;
    return;
  }
  const std::string renamed = "attr_" + key;
  if (!object.contains(renamed)) object[renamed] = value;
}

} // namespace keysift::reporters
