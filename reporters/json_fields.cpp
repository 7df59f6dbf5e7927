#include "reporters/json_fields.h"

#include <cmath>

#include "reporters/display.h"

namespace keysift::reporters {

Json finding_to_json(const scanner::Finding& finding, bool show_secrets) {
  Json out = Json::object();
  out["rule_id"] = finding.rule_id;
  out["description"] = finding.description;
  out["severity"] = finding.severity;
  out["tags"] = finding.tags;
  out["path"] = finding.provenance.path;
  out["line"] = finding.line;
  out["column"] = finding.column;
  out["end_line"] = finding.end_line;
  out["end_column"] = finding.end_column;
  out["secret"] = shown_secret(finding, show_secrets);
  out["match"] = shown_text(finding.match, finding, show_secrets);
  out["entropy"] = round3(finding.entropy);
  out["fingerprint"] = finding.fingerprint;
  // A commit message can quote the secret too.
  for (const auto& [key, value] : finding.provenance.attrs) {
    add_attr(out, key, shown_text(value, finding, show_secrets));
  }
  // The other places the same bytes were seen (a git blob at several commits or paths).
  if (!finding.locations.empty()) {
    Json locations = Json::array();
    for (const auto& where : finding.locations) {
      Json loc = Json::object();
      loc["path"] = where.path;
      for (const auto& [key, value] : where.attrs)
        add_attr(loc, key, shown_text(value, finding, show_secrets));
      locations.push_back(std::move(loc));
    }
    out["locations"] = std::move(locations);
  }
  return out;
}

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
