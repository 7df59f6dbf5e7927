#include "scanner/provenance.h"

namespace keysift::scanner {
namespace {

struct PathOf {
  std::string_view operator()(const FileOrigin& o) const { return o.path; }
  std::string_view operator()(const StdinOrigin&) const { return "-"; }
  std::string_view operator()(const GitBlobOrigin& o) const { return o.path; }
  std::string_view operator()(const GitObjectOrigin& o) const { return o.path; }
  std::string_view operator()(const ImageOrigin& o) const { return o.path; }
};

} // namespace

std::string_view path_of(const Location& where) {
  return std::visit(PathOf{}, where);
}

std::string tag_message_label(std::string_view tag_name) {
  return "<tag message " + std::string(tag_name) + ">";
}

OriginRef make_origin(Location where, std::vector<Location> also) {
  return std::make_shared<const Origin>(Origin{std::move(where), std::move(also)});
}

} // namespace keysift::scanner
