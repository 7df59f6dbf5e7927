#include "image/image.h"

#include <map>

#include "codec/sha256.h"
#include "image/image_config.h"
#include "image/image_files.h"
#include "image/image_manifest.h"

namespace keysift::image {
namespace {

// An attestation's documents are read whole, up to this size.
constexpr std::size_t max_attestation_bytes = 64u << 20;

struct ImageRun {
  ImageFiles& files;
  scanner::ChunkSink& sink;
  std::stop_token stop;
  const LayerLimits& limits;
  // Layers read so far (by digest, or by path when there is none): their entries, and
  // whether they were read whole.
  struct Seen {
    std::vector<LayerEntry> entries;
    bool complete = false;
  };
  std::map<std::string, Seen> layers_seen;
};

const char* kind_or(const Status& st, const char* fallback) {
  return st.kind().empty() ? fallback : st.kind().c_str();
}

std::string short_digest(const std::string& digest) {
  return digest.size() > 19 ? digest.substr(0, 19) : digest;
}

// Reads the config (empty on failure: the errors went to the sink).
ImageConfig read_config(ImageRun& r, const ImageRef& image) {
  const std::string where = image.name + " config";
  auto text = r.files.read_small(image.config_path);
  if (!text) {
    r.sink.error(
        {where, text.error(), kind_or(text.status(), scanner::gap::missing_object)});
    return {};
  }
  if (!image.config_digest.empty() &&
      "sha256:" + codec::sha256_hex(*text) != image.config_digest)
    r.sink.error({where, image.config_path + ": digest mismatch", scanner::gap::corrupt});
  auto config = parse_image_config(*text);
  if (!config) {
    r.sink.error({where, config.error(), kind_or(config.status(), scanner::gap::corrupt)});
    return {};
  }
  return std::move(config).value();
}

// Describes the image in the catalog; returns its number there.
std::uint32_t add_image(ImageRun& r, const ImageRef& image, bool several,
                        const std::vector<std::string>& diff_ids) {
  scanner::ImageInfo info;
  info.name = image.name;
  if (several) info.platform = image.platform;
  for (std::size_t i = 0; i < image.layers.size(); ++i)
    info.layers.push_back(
        {image.layers[i].digest, i < diff_ids.size() ? diff_ids[i] : std::string()});
  return r.sink.add_image(std::move(info));
}

// An attestation's layer (in-toto JSON, not a tar) read whole and scanned as a document.
Status scan_document(ImageRun& r, const LayerRef& layer, std::uint32_t image,
                     std::size_t index) {
  auto text = r.files.read_small(layer.path, max_attestation_bytes);
  if (!text) return text.status();
  if ("sha256:" + codec::sha256_hex(*text) != layer.digest)
    return Status::error("digest mismatch", scanner::gap::corrupt);
  scanner::Chunk c;
  c.origin = scanner::make_origin(scanner::ImageOrigin{
      image, static_cast<std::uint32_t>(index), "attestation:" + layer.media_type, true});
  c.data = std::move(text).value();
  r.sink.push(std::move(c));
  return Status::ok();
}

// One layer of `image` (number `number` in the catalog). A blob already read (listed
// twice, or shared with another image of the input) is not read again: the entries it
// gave stand in for it in the shadow, and it counts as covered if it was read whole.
void scan_one_layer(ImageRun& r, const ImageRef& image, std::size_t i, const LayerJob& job,
                    Shadow& shadow) {
  const LayerRef& layer = image.layers[i];
  if (layer.path.empty())
    return r.sink.error({job.display,
                         "unsupported or malformed digest: '" + layer.digest + "'",
                         scanner::gap::unsupported});
  const std::string key = layer.digest.empty() ? layer.path : layer.digest;
  if (auto seen = r.layers_seen.find(key); seen != r.layers_seen.end()) {
    r.sink.skipped(job.display, "layer already scanned");
    if (seen->second.complete) r.sink.covered("layers");
    shadow.add_layer(seen->second.entries);
    return;
  }
  ImageRun::Seen& seen = r.layers_seen[key];
  if (image.attestation) {
    if (auto st = scan_document(r, layer, job.image, i); !st)
      return r.sink.error({job.display, st.message(), kind_or(st, scanner::gap::corrupt)});
    seen.complete = true;
    return r.sink.covered("layers");
  }
  auto blob = r.files.open(layer.path);
  if (!blob)
    return r.sink.error({job.display, "missing blob: " + blob.error(),
                         kind_or(blob.status(), scanner::gap::missing_object)});
  LayerResult res = scan_layer(**blob, job, shadow, r.sink, r.stop);
  for (const auto& p : res.problems) r.sink.error({job.display, p, scanner::gap::corrupt});
  if (!res.status)
    r.sink.error(
        {job.display, res.status.message(), kind_or(res.status, scanner::gap::corrupt)});
  seen.complete = res.status.is_ok() && res.problems.empty();
  if (res.status) r.sink.covered("layers");
  seen.entries = std::move(res.entries);
  shadow.add_layer(seen.entries);
}

void scan_image(ImageRun& r, const ImageRef& image, bool several) {
  ImageConfig config = read_config(r, image);
  const std::vector<std::string>& diff_ids = config.diff_ids;
  const std::uint32_t number = add_image(r, image, several, diff_ids);
  for (ConfigPart& part : config.parts) {
    scanner::Chunk c;
    c.origin = scanner::make_origin(
        scanner::ImageOrigin{number, scanner::no_index, std::move(part.path), true});
    c.data = std::move(part.data);
    r.sink.push(std::move(c));
  }
  if (!diff_ids.empty() && diff_ids.size() != image.layers.size())
    r.sink.error({image.name,
                  "config lists " + std::to_string(diff_ids.size()) +
                      " layers, the manifest " + std::to_string(image.layers.size()),
                  scanner::gap::corrupt});
  // Top layer first, so that each layer knows what the layers above it hide.
  Shadow shadow;
  for (std::size_t i = image.layers.size(); i-- > 0 && !r.stop.stop_requested();) {
    const LayerRef& layer = image.layers[i];
    LayerJob job{number,       i,
                 layer.digest, i < diff_ids.size() ? diff_ids[i] : std::string(),
                 {},           r.limits};
    job.display = image.name + (several ? " [" + image.platform + "]" : "") + " layer " +
                  std::to_string(i) +
                  (layer.digest.empty() ? "" : " (" + short_digest(layer.digest) + ")");
    scan_one_layer(r, image, i, job, shadow);
  }
}

} // namespace

Status ImageSource::run(scanner::ChunkSink& sink, std::stop_token stop) {
  auto files = ImageFiles::open_path(path_);
  if (!files) {
    sink.error({label_, files.error(), kind_or(files.status(), scanner::gap::unreadable)});
    return Status::ok();
  }
  std::vector<scanner::InputError> errors;
  auto images = read_images(**files, label_, errors);
  for (auto& e : errors) sink.error(std::move(e));
  if (!images) {
    sink.error({label_, images.error(), kind_or(images.status(), scanner::gap::corrupt)});
    return Status::ok();
  }
  if (images->empty() && errors.empty())
    sink.error({label_, "the index lists no image", scanner::gap::corrupt});
  ImageRun r{**files, sink, stop, limits_, {}};
  sink.expected("images", images->size());
  for (const ImageRef& image : *images) sink.expected("layers", image.layers.size());
  for (const ImageRef& image : *images) scan_image(r, image, images->size() > 1);
  return Status::ok();
}

} // namespace keysift::image
