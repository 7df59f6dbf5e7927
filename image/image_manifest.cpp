#include "image/image_manifest.h"

#include <set>

#include <nlohmann/json.hpp>

#include "codec/json_depth.h"
#include "codec/sha256.h"

namespace keysift::image {
namespace {

using json = nlohmann::json;

bool is_index(const std::string& media_type) {
  return media_type == "application/vnd.oci.image.index.v1+json" ||
         media_type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

const char* kind_or(const Status& st, const char* fallback) {
  return st.kind().empty() ? fallback : st.kind().c_str();
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string platform_of(const json& desc) {
  auto it = desc.find("platform");
  if (it == desc.end() || !it->is_object()) return {};
  std::string p = str(*it, "os") + "/" + str(*it, "architecture");
  if (const std::string v = str(*it, "variant"); !v.empty()) p += "/" + v;
  return p;
}

Result<json> parse(const std::string& text, const std::string& what) {
  if (!codec::json_depth_within(text))
    return Status::error(what + ": JSON nested deeper than " +
                             std::to_string(codec::max_json_depth) + " levels",
                         scanner::gap::limit);
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Status::error(what + ": not valid JSON", scanner::gap::corrupt);
  return j;
}

// Reads a blob named by a descriptor, checking its digest.
Result<json> read_blob_json(ImageFiles& files, const std::string& digest) {
  auto path = blob_path(digest);
  if (!path) return path.status();
  auto text = files.read_small(*path);
  if (!text) return text.status();
  if ("sha256:" + codec::sha256_hex(*text) != digest)
    return Status::error(*path + ": digest mismatch", scanner::gap::corrupt);
  return parse(*text, *path);
}

struct Walk {
  ImageFiles& files;
  std::vector<ImageRef>& out;
  std::vector<scanner::InputError>& errors;
  std::set<std::string> seen; // digests of manifests and indexes already taken
  std::size_t descriptors = 0;
};

// Counts one more descriptor; false once past the bound (reported once).
bool within_budget(Walk& w, const std::string& name) {
  if (++w.descriptors <= max_index_descriptors) return true;
  if (w.descriptors == max_index_descriptors + 1)
    w.errors.push_back({name,
                        "the index lists more than " +
                            std::to_string(max_index_descriptors) +
                            " manifests: the rest were not read",
                        scanner::gap::limit});
  return false;
}

bool is_attestation(const json& annotations, const std::string& platform) {
  return str(annotations, "vnd.docker.reference.type") == "attestation-manifest" &&
         (platform.empty() || platform == "unknown/unknown");
}

void add_manifest(Walk& w, const json& desc, ImageRef image) {
  const std::string digest = str(desc, "digest");
  auto m = read_blob_json(w.files, digest);
  if (!m)
    return w.errors.push_back({image.name + " manifest " + digest, m.error(),
                               kind_or(m.status(), scanner::gap::missing_object)});
  const json& cfg = m->value("config", json::object());
  image.config_digest = str(cfg, "digest");
  auto cpath = blob_path(image.config_digest);
  if (!cpath)
    return w.errors.push_back(
        {image.name + " config", cpath.error(), scanner::gap::unsupported});
  image.config_path = *cpath;
  for (const json& l : m->value("layers", json::array())) {
    LayerRef layer{{}, str(l, "digest"), {}, str(l, "mediaType")};
    auto lpath = blob_path(layer.digest);
    layer.path = lpath ? *lpath : std::string();
    image.layers.push_back(std::move(layer));
  }
  w.out.push_back(std::move(image));
}

// Each manifest and nested index is taken once (the same digest listed twice, or an
// index fanning out to itself, costs nothing more), and at most max_index_descriptors in
// all: 20 KB of nested indexes once listed three million manifests.
void walk_index(Walk& w, const json& index, const ImageRef& parent, int depth) {
  for (const json& desc : index.value("manifests", json::array())) {
    ImageRef image = parent;
    auto ann = desc.value("annotations", json::object());
    if (auto ref = str(ann, "org.opencontainers.image.ref.name"); !ref.empty())
      image.name = ref;
    if (!w.seen.insert(str(desc, "digest")).second) continue;
    if (!within_budget(w, image.name)) return;
    const std::string platform = platform_of(desc);
    image.attestation = is_attestation(ann, platform);
    if (!platform.empty()) image.platform = platform;
    if (!is_index(str(desc, "mediaType"))) {
      add_manifest(w, desc, std::move(image));
      continue;
    }
    auto nested = read_blob_json(w.files, str(desc, "digest"));
    if (!nested)
      w.errors.push_back({image.name + " index", nested.error(),
                          kind_or(nested.status(), scanner::gap::missing_object)});
    else if (depth >= max_index_depth)
      w.errors.push_back({image.name, "indexes nested too deeply", scanner::gap::limit});
    else
      walk_index(w, *nested, image, depth + 1);
  }
}

// `docker save` / skopeo docker-archive: manifest.json lists config and layer files.
Result<std::vector<ImageRef>> read_docker(ImageFiles& files, const std::string& fallback,
                                          std::vector<scanner::InputError>& errors) {
  auto text = files.read_small("manifest.json");
  if (!text) return text.status();
  auto j = parse(*text, "manifest.json");
  if (!j) return j.status();
  if (!j->is_array()) return Status::error("manifest.json: not a list of images");
  std::vector<ImageRef> out;
  for (const json& m : *j) {
    ImageRef image;
    const json& tags = m.value("RepoTags", json::array());
    image.name =
        !tags.empty() && tags[0].is_string() ? tags[0].get<std::string>() : fallback;
    image.config_path = str(m, "Config");
    if (!safe_relative_path(image.config_path)) {
      errors.push_back({image.name, "config path escapes the image: " + image.config_path,
                        scanner::gap::corrupt});
      continue;
    }
    if (image.config_path.starts_with("blobs/sha256/"))
      image.config_digest = "sha256:" + image.config_path.substr(13);
    for (const json& l : m.value("Layers", json::array())) {
      LayerRef layer;
      layer.path = l.is_string() ? l.get<std::string>() : std::string();
      if (layer.path.starts_with("blobs/sha256/"))
        layer.digest = "sha256:" + layer.path.substr(13);
      image.layers.push_back(std::move(layer));
    }
    out.push_back(std::move(image));
  }
  return out;
}

Result<std::vector<ImageRef>> read_layout(ImageFiles& files,
                                          const std::string& fallback_name,
                                          std::vector<scanner::InputError>& errors);

} // namespace

Result<std::string> blob_path(const std::string& digest) {
  if (!digest.starts_with("sha256:") || digest.size() != 7 + 64 ||
      digest.find_first_not_of("0123456789abcdef", 7) != std::string::npos)
    return Status::error("unsupported or malformed digest: '" + digest + "'",
                         scanner::gap::unsupported);
  return "blobs/sha256/" + digest.substr(7);
}

Result<std::vector<ImageRef>> read_images(ImageFiles& files,
                                          const std::string& fallback_name,
                                          std::vector<scanner::InputError>& errors) {
  try {
    return read_layout(files, fallback_name, errors);
  } catch (const json::exception& e) { // a field of an unexpected JSON type
    return Status::error(std::string("unexpected manifest content: ") + e.what());
  }
}

namespace {

Result<std::vector<ImageRef>> read_layout(ImageFiles& files,
                                          const std::string& fallback_name,
                                          std::vector<scanner::InputError>& errors) {
  if (!files.exists("index.json") && files.exists("manifest.json"))
    return read_docker(files, fallback_name, errors);
  auto text = files.read_small("index.json");
  if (!text)
    return Status::error("neither an OCI layout (index.json) nor a docker archive "
                         "(manifest.json)");
  auto index = parse(*text, "index.json");
  if (!index) return index.status();
  std::vector<ImageRef> out;
  Walk w{files, out, errors, {}, 0};
  ImageRef top;
  top.name = fallback_name;
  walk_index(w, *index, top, 0);
  return out;
}

} // namespace

} // namespace keysift::image
