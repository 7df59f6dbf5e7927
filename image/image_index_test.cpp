// Hostile indexes and manifests: nesting, fan-out, duplicates, attestations. Each image
// here is an OCI layout written by hand (blobs named by their real sha256).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <doctest/doctest.h>

#include "codec/json_depth.h"
#include "codec/sha256.h"
#include "image/image.h"
#include "image/image_config.h"
#include "image/image_manifest.h"

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
    const std::string hex = codec::sha256_hex(bytes);
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
    // NOLINTNEXTLINE(cert-env33-c): a test fixture runs its commands through the shell
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
  CHECK(codec::json_depth_within(R"({"a": [[1], {"b": 2}]})", 3));
  CHECK_FALSE(codec::json_depth_within(R"({"a": [[1], {"b": 2}]})", 2));
  CHECK(codec::json_depth_within(R"(["[[[{{{\"[[[", "]]]"])", 1)); // brackets in strings
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

TEST_CASE("an index: each manifest read once, however often listed; the fan-out bounded") {
  Layout l;
  const std::string m = l.manifest({});
  const std::string self_desc =
      desc(m, R"(, "platform": {"os": "linux", "architecture": "amd64"})");
  // A nested index listing the manifest 50 times, listed itself 50 times.
  const std::string inner = l.put(index_of(std::vector<std::string>(50, self_desc)));
  const std::string inner_desc =
      R"({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": ")" + inner +
      "\"}";
  l.write("index.json", index_of(std::vector<std::string>(50, inner_desc)));
  std::vector<scanner::InputError> errors;
  CHECK(images_of(l, errors).size() == 1);
  CHECK(errors.empty());

  // More distinct manifests than the bound (here all missing): one limit error, and no
  // more than the bound read.
  errors.clear();
  std::vector<std::string> many;
  for (std::size_t i = 0; i < max_index_descriptors + 100; ++i)
    many.push_back(desc("sha256:" + codec::sha256_hex(std::to_string(i))));
  l.write("index.json", index_of(many));
  CHECK(images_of(l, errors).empty());
  std::size_t limits = 0;
  for (const auto& e : errors) limits += e.kind == "limit";
  CHECK(limits == 1);
  CHECK(errors.size() == max_index_descriptors + 1);
}

TEST_CASE("a manifest annotated as an attestation is an image when it names a platform") {
  Layout l;
  const std::string m1 = l.manifest({}), m2 = l.manifest({{l.put("{}"), "x"}});
  const std::string att = R"(, "annotations": {"vnd.docker.reference.type": )"
                          R"("attestation-manifest"}, "platform": )";
  l.write("index.json",
          index_of({desc(m1, att + R"({"os": "linux", "architecture": "amd64"})"),
                    desc(m2, att + R"({"os": "unknown", "architecture": "unknown"})")}));
  std::vector<scanner::InputError> errors;
  const auto images = images_of(l, errors);
  REQUIRE(images.size() == 2);
  CHECK(images[0].platform == "linux/amd64");
  CHECK_FALSE(images[0].attestation);
  CHECK(images[1].attestation);
}

TEST_CASE(
    "a layer listed several times is read once; an attestation is scanned as a document") {
  Layout l;
  REQUIRE(
      l.sh("mkdir root && echo 'key=tok' > root/a.txt && tar -C root -cf l.tar a.txt") ==
      0);
  const std::string layer = l.put(l.read("l.tar"));
  const std::string tar = "application/vnd.oci.image.layer.v1.tar";
  const std::string image = l.manifest({{layer, tar}, {layer, tar}, {layer, tar}});
  const std::string doc = l.put(R"({"predicate": {"buildArgs": {"T": "tok"}}})");
  const std::string att = l.manifest({{doc, "application/vnd.in-toto+json"}});
  l.write(
      "index.json",
      index_of({desc(image, R"(, "platform": {"os": "linux", "architecture": "amd64"})"),
                desc(att, R"(, "annotations": {"vnd.docker.reference.type": )"
                          R"("attestation-manifest"}, "platform": {"os": "unknown", )"
                          R"("architecture": "unknown"})")}));
  Sink sink;
  REQUIRE(ImageSource(l.dir.string()).run(sink, {}).is_ok());
  CHECK(sink.errors.empty());
  std::size_t tar_files = 0, documents = 0;
  for (const auto& c : sink.chunks) {
    tar_files += c == "a.txt=key=tok\n";
    documents += c.starts_with("attestation:application/vnd.in-toto+json=") &&
                 c.find("tok") != std::string::npos;
  }
  CHECK(tar_files == 1);
  CHECK(documents == 1);
  CHECK(sink.skips.size() == 2);
  CHECK(sink.covered_units["layers"] == 4); // three listings of one layer, and the document
}
