// Hostile indexes and manifests: nesting, fan-out, duplicates, attestations. Each image
// here is an OCI layout written by hand (blobs named by their real sha256).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <doctest/doctest.h>

#include "image/image.h"
#include "image/image_config.h"
#include "image/image_manifest.h"
#include "scanner/json_depth.h"
#include "scanner/sha256.h"

using namespace keysift;
using namespace keysift::image;
namespace fs = std::filesystem;

namespace {

struct Layout {
  fs::path dir = fs::temp_directory_path() / ("keysift-idx-" + std::to_string(::getpid()));
  Layout() {
    fs::remove_all(dir);
    fs::create_directories(dir / "blobs" / "sha256");
    write("oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
  }
  ~Layout() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
  }
  std::string put(const std::string& bytes) const { // a blob; returns its digest
    const std::string hex = scanner::sha256_hex(bytes);
    write("blobs/sha256/" + hex, bytes);
    return "sha256:" + hex;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir / name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int sh(const std::string& cmd) const {
    return std::system(("cd '" + dir.string() + "' && " + cmd).c_str());
  }
  // A manifest of `layers` (digest, media type) with an empty config.
  std::string
  manifest(const std::vector<std::pair<std::string, std::string>>& layers) const {
    std::string out = R"({"schemaVersion": 2, "config": {"digest": ")" +
                      put(R"({"rootfs": {"diff_ids": []}})") + R"("}, "layers": [)";
    for (std::size_t i = 0; i < layers.size(); ++i)
      out += (i ? "," : "") + std::string(R"({"digest": ")") + layers[i].first +
             R"(", "mediaType": ")" + layers[i].second + "\"}";
    return put(out + "]}");
  }
};

std::string desc(const std::string& digest, const std::string& extra = "") {
  return R"({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": ")" +
         digest + "\"" + extra + "}";
}

std::string index_of(const std::vector<std::string>& descs) {
  std::string out = R"({"schemaVersion": 2, "manifests": [)";
  for (std::size_t i = 0; i < descs.size(); ++i) out += (i ? "," : "") + descs[i];
  return out + "]}";
}

std::vector<ImageRef> images_of(const Layout& l, std::vector<scanner::InputError>& errors) {
  auto files = ImageFiles::open_path(l.dir.string());
  REQUIRE(files.is_ok());
  auto images = read_images(**files, "img", errors);
  REQUIRE(images.is_ok());
  return std::move(images).value();
}

struct Sink final : scanner::CatalogSink {
  std::vector<std::string> chunks, errors, skips;
  std::map<std::string, std::uint64_t> covered_units;
  bool push(scanner::Chunk c) override {
    chunks.push_back(std::string(scanner::path_of(c.origin->where)) + "=" + c.data);
    return true;
  }
  void error(scanner::InputError e) override { errors.push_back(e.path + ": " + e.reason); }
  void skipped(const std::string& p, const std::string& r) override {
    skips.push_back(p + " (" + r + ")");
  }
  void covered(const std::string& unit, std::uint64_t n) override {
    covered_units[unit] += n;
  }
};

} // namespace

TEST_CASE(
    "deeply nested JSON in an index, a manifest or a config is refused, not recursed") {
  CHECK(scanner::json_depth_within(R"({"a": [[1], {"b": 2}]})", 3));
  CHECK_FALSE(scanner::json_depth_within(R"({"a": [[1], {"b": 2}]})", 2));
  CHECK(scanner::json_depth_within(R"(["[[[{{{\"[[[", "]]]"])", 1)); // brackets in strings
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  auto cfg = parse_image_config(R"({"config": {"Labels": {"a": )" + deep + "}}}");
  REQUIRE_FALSE(cfg.is_ok());
  CHECK(cfg.status().kind() == "limit");

  Layout l; // an OCI index.json
  l.write("index.json", R"({"manifests": )" + deep + "}");
  auto files = ImageFiles::open_path(l.dir.string());
  REQUIRE(files.is_ok());
  std::vector<scanner::InputError> errors;
  auto images = read_images(**files, "img", errors);
  REQUIRE_FALSE(images.is_ok());
  CHECK(images.status().kind() == "limit");

  // A nested index and a manifest, each named by its digest.
  errors.clear();
  const std::string bad_manifest = l.put(R"({"layers": )" + deep + "}");
  const std::string bad_index = l.put(R"({"manifests": )" + deep + "}");
  l.write("index.json",
          index_of({desc(bad_manifest), R"({"mediaType": "application/vnd.oci.image.index.)"
                                        R"(v1+json", "digest": ")" +
                                            bad_index + "\"}"}));
  CHECK(images_of(l, errors).empty());
  REQUIRE(errors.size() == 2);
  for (const auto& e : errors) CHECK(e.kind == "limit");

  fs::remove(l.dir / "index.json"); // a docker-archive's manifest.json
  l.write("manifest.json", "[" + deep + "]");
  files = ImageFiles::open_path(l.dir.string());
  REQUIRE(files.is_ok());
  images = read_images(**files, "img", errors);
  REQUIRE_FALSE(images.is_ok());
  CHECK(images.status().kind() == "limit");
}
