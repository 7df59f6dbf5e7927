// Fuzz target: the JSON an image carries (image/image_manifest.h, image/image_config.h,
// codec/json_depth.h): index.json, nested indexes, manifests, `docker save`'s
// manifest.json and the config, read from an in-memory image.
// Input: a choice byte (bit 0: a docker archive, whose part 0 is manifest.json; else an
// OCI layout, whose part 0 is index.json), then parts separated by "\n--\n". Part N is
// also stored as "pN" and under its digest "blobs/sha256/<hex>"; the text "sha256:@N" in
// a part becomes part N's real digest when N is later in the list (so generated inputs
// reach nested indexes, manifests and configs through verified digests).
// Invariants: json_depth_within agrees with an independent bracket counter; a JSON
// nested deeper than the bound is refused before parsing; read_images stays within its
// fan-out bound and names only blob paths inside the image; every config part is named
// "config:…" and holds data.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "codec/json_depth.h"
#include "codec/sha256.h"
#include "fuzz/fuzz_support.h"
#include "image/image_config.h"
#include "image/image_manifest.h"

using namespace keysift;
using namespace keysift::image;

namespace {

class MemoryFiles final : public ImageFiles {
public:
  std::map<std::string, std::string> files;
  Result<std::unique_ptr<codec::ByteReader>> open(const std::string& name) override {
    auto it = files.find(name);
    if (it == files.end()) return Status::error(name + ": no such file");
    return std::unique_ptr<codec::ByteReader>(new fuzz::MemoryReader(it->second));
  }
  bool exists(const std::string& name) const override { return files.count(name) != 0; }
};

// The deepest nesting of brackets outside strings: the reference for json_depth_within.
std::size_t depth_of(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::vector<std::string> split_parts(std::string_view rest) {
  std::vector<std::string> parts;
  for (std::size_t at = 0;;) {
    const std::size_t sep = rest.find("\n--\n", at);
    parts.emplace_back(rest.substr(at, sep == std::string_view::npos ? sep : sep - at));
    if (sep == std::string_view::npos || parts.size() == 16) return parts;
    at = sep + 4;
  }
}

// Stores the parts, last first, each reference to a later part resolved to its digest.
void store(MemoryFiles& files, std::vector<std::string>& parts, bool docker) {
  std::vector<std::string> digests(parts.size());
  for (std::size_t n = parts.size(); n-- > 0;) {
    std::string& text = parts[n];
    for (std::size_t m = n + 1; m < parts.size() && m < 10; ++m) {
      const std::string ref = "sha256:@" + std::to_string(m);
      for (std::size_t at = text.find(ref); at != std::string::npos;
           at = text.find(ref, at + digests[m].size()))
        text.replace(at, ref.size(), digests[m]);
    }
    const std::string hex = codec::sha256_hex(text);
    digests[n] = "sha256:" + hex;
    files.files["blobs/sha256/" + hex] = text;
    files.files["p" + std::to_string(n)] = text;
  }
  files.files[docker ? "manifest.json" : "index.json"] = parts[0];
  if (!docker) files.files["oci-layout"] = R"({"imageLayoutVersion": "1.0.0"})";
}

void check_config(const std::string& text) {
  const bool shallow = codec::json_depth_within(text);
  fuzz::check(shallow == (depth_of(text) <= codec::max_json_depth),
              "json_depth_within agrees with a bracket counter");
  auto config = parse_image_config(text);
  if (!shallow) fuzz::check(!config, "a JSON nested too deeply is refused");
  if (!config) return;
  for (const auto& part : config->parts)
    fuzz::check(part.path.starts_with("config:") && !part.data.empty(),
                "a config part is named config:… and holds data");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choices(data, size);
  const bool docker = (choices.byte() & 1) != 0;
  std::vector<std::string> parts = split_parts(choices.rest());
  MemoryFiles files;
  store(files, parts, docker);
  for (const auto& part : parts) check_config(part);
  std::vector<scanner::InputError> errors;
  auto images = read_images(files, "fuzz", errors);
  if (!images) return 0;
  fuzz::check(images->size() <= max_index_descriptors, "fan-out stays within its bound");
  for (const auto& image : *images) {
    fuzz::check(image.config_path.empty() || safe_relative_path(image.config_path),
                "a config path stays inside the image");
    for (const auto& layer : image.layers)
      fuzz::check(docker || layer.path.empty() || layer.path.starts_with("blobs/sha256/"),
                  "an OCI layer is a blob of the image");
  }
  return 0;
}
