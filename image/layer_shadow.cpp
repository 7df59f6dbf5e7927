#include "image/layer_shadow.h"

namespace keysift::image {

namespace {
constexpr std::string_view wh_prefix = ".wh.";
constexpr std::string_view opaque_name = ".wh..wh..opq";
} // namespace

std::string normalize_entry_path(std::string_view raw, bool& escapes) {
  escapes = false;
  std::string out;
  std::size_t at = 0;
  while (at <= raw.size()) {
    std::size_t slash = raw.find('/', at);
    if (slash == std::string_view::npos) slash = raw.size();
    const std::string_view part = raw.substr(at, slash - at);
    at = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") escapes = true;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

LayerEntry classify_entry(std::string_view path, bool is_directory) {
  const std::size_t slash = path.rfind('/');
  const std::string_view dir =
      slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  const std::string_view base =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base == opaque_name) return {LayerEntry::Kind::opaque, std::string(dir)};
  if (base.starts_with(wh_prefix) && base.size() > wh_prefix.size()) {
    std::string target(dir);
    if (!target.empty()) target += '/';
    target += base.substr(wh_prefix.size());
    return {LayerEntry::Kind::whiteout, std::move(target)};
  }
  return {is_directory ? LayerEntry::Kind::directory : LayerEntry::Kind::file,
          std::string(path)};
}

bool Shadow::hides(const std::string& path) const {
  if (present_.count(path) || deleted_.count(path)) return true;
  if (opaque_.count("")) return true; // an opaque root hides every lower file
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    if (deleted_.count(dir) || non_dirs_.count(dir) || opaque_.count(dir)) return true;
  }
  return false;
}

void Shadow::add_layer(const std::vector<LayerEntry>& entries) {
  for (const auto& e : entries) {
    switch (e.kind) {
    case LayerEntry::Kind::whiteout:
      deleted_.insert(e.path);
      break;
    case LayerEntry::Kind::opaque:
      opaque_.insert(e.path);
      break;
    case LayerEntry::Kind::file:
      non_dirs_.insert(e.path);
      present_.insert(e.path);
      break;
    case LayerEntry::Kind::directory:
      present_.insert(e.path);
      break;
    }
  }
}

} // namespace keysift::image
