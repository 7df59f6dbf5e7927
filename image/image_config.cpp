#include "image/image_config.h"

#include <nlohmann/json.hpp>

#include "codec/json_depth.h"
#include "scanner/finding.h"

namespace keysift::image {
namespace {

using json = nlohmann::json;

// Strings of an array joined by `sep`; non-strings are shown as JSON.
std::string join(const json& list, const char* sep) {
  std::string out;
  for (const json& v : list) {
    if (!out.empty()) out += sep;
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

void add(std::vector<ConfigPart>& out, std::string path, std::string data) {
  if (data.empty()) return;
  out.push_back({std::move(path), std::move(data)});
}

void add_container_config(std::vector<ConfigPart>& out, const json& cfg) {
  if (!cfg.is_object()) return;
  if (auto it = cfg.find("Env"); it != cfg.end() && it->is_array())
    add(out, "config:Env", join(*it, "\n") + "\n");
  for (const char* key : {"Cmd", "Entrypoint"})
    if (auto it = cfg.find(key); it != cfg.end() && it->is_array())
      add(out, std::string("config:") + key, join(*it, " ") + "\n");
  if (auto it = cfg.find("Labels"); it != cfg.end() && it->is_object()) {
    std::string labels;
    for (const auto& [k, v] : it->items())
      labels += k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()) + "\n";
    add(out, "config:Labels", std::move(labels));
  }
}

} // namespace

Result<ImageConfig> parse_image_config(const std::string& json_text) {
  if (!codec::json_depth_within(json_text))
    return Status::error("config: JSON nested deeper than " +
                             std::to_string(codec::max_json_depth) + " levels",
                         scanner::gap::limit);
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::error("config: not a JSON object");
  ImageConfig out;
  try {
    if (auto it = j.find("config"); it != j.end()) add_container_config(out.parts, *it);
    if (auto it = j.find("history"); it != j.end() && it->is_array())
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& h = (*it)[i];
        if (h.is_object() && h.contains("created_by") && h["created_by"].is_string())
          add(out.parts, "config:history[" + std::to_string(i) + "].created_by",
              h["created_by"].get<std::string>() + "\n");
      }
    if (auto it = j.find("rootfs"); it != j.end() && it->is_object())
      for (const json& d : it->value("diff_ids", json::array()))
        out.diff_ids.push_back(d.is_string() ? d.get<std::string>() : std::string());
  } catch (const json::exception& e) {
    return Status::error(std::string("config: ") + e.what());
  }
  return out;
}

} // namespace keysift::image
