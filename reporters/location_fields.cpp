#include "reporters/location_fields.h"

#include <string>

namespace keysift::reporters {
namespace {

struct Describe {
  const scanner::Catalog& catalog;
  Fields& out;

  void operator()(const scanner::FileOrigin&) const {}
  void operator()(const scanner::StdinOrigin&) const {}
  void operator()(const scanner::GitBlobOrigin& o) const {
    if (o.commit < catalog.commits.size()) {
      const scanner::CommitInfo& c = catalog.commits[o.commit];
      out.emplace_back("commit", c.id);
      out.emplace_back("author", c.author);
      out.emplace_back("email", c.email);
      out.emplace_back("date", c.date);
      out.emplace_back("message", c.message);
    }
    if (o.line != 0) out.emplace_back("line", std::to_string(o.line));
  }
  void operator()(const scanner::GitObjectOrigin& o) const {
    out.emplace_back("blob", o.oid);
    if (o.line != 0) out.emplace_back("line", std::to_string(o.line));
  }
  void operator()(const scanner::ImageOrigin& o) const {
    if (o.image >= catalog.images.size()) return;
    const scanner::ImageInfo& image = catalog.images[o.image];
    out.emplace_back("image", image.name);
    if (!image.platform.empty()) out.emplace_back("platform", image.platform);
    if (o.layer == scanner::no_index) return; // the config
    out.emplace_back("layer", std::to_string(o.layer));
    if (o.layer < image.layers.size()) {
      const scanner::ImageLayerInfo& layer = image.layers[o.layer];
      if (!layer.digest.empty())
        out.emplace_back("layer_digest", layer.digest);
      else if (!layer.diff_id.empty())
        out.emplace_back("layer_diff_id", layer.diff_id);
    }
    out.emplace_back("visible", o.visible ? "yes" : "no");
  }
};

} // namespace

Fields location_fields(const scanner::Location& where, const scanner::Catalog& catalog) {
  Fields out;
  std::visit(Describe{catalog, out}, where);
  return out;
}

Fields finding_fields(const scanner::Finding& finding, const scanner::Catalog& catalog) {
  Fields out;
  if (finding.origin) {
    out = location_fields(finding.origin->where, catalog);
    // The finding's own line is a field of the format; a location's line is only shown
    // for its other places.
    std::erase_if(out, [](const auto& field) { return field.first == "line"; });
  }
  // The reports have always named the innermost encoding "decoded" and the one around it
  // "attr_decoded" (a third is not shown); kept so that reports do not change.
  for (std::size_t i = 0; i < finding.decoded.size() && i < 2; ++i)
    out.emplace_back(i == 0 ? "decoded" : "attr_decoded", finding.decoded[i]);
  return out;
}

} // namespace keysift::reporters
