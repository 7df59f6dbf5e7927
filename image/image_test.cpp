#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <doctest/doctest.h>

#include "image/image_config.h"
#include "image/image_manifest.h"
#include "image/layer_scan.h"
#include "image/layer_shadow.h"

using namespace keysift;
using namespace keysift::scanner;
using namespace keysift::image;
namespace fs = std::filesystem;

namespace {

struct Collector final : scanner::CatalogSink {
  std::vector<std::string> files, errors, skips;
  bool push(scanner::Chunk c) override {
    std::string text = c.data;
    if (c.reader) { // drain a lent reader, as a worker would
      char buf[4096];
      for (;;) {
        auto n = c.reader->read(buf, sizeof buf);
        if (!n) {
          errors.push_back(std::string(path_of(c.origin->where)) + ": " + n.error());
          break;
        }
        if (*n == 0) break;
        if (text.size() < 64) text.append(buf, std::min<std::size_t>(*n, 64));
      }
    }
    const auto& where = std::get<ImageOrigin>(c.origin->where);
    std::string attrs;
    if (where.layer != no_index)
      attrs = " layer=" + std::to_string(where.layer) +
              " visible=" + (where.visible ? "yes" : "no");
    files.push_back(where.path + attrs + ": " + text.substr(0, 16));
    return true;
  }
  void error(scanner::InputError e) override { errors.push_back(e.path + ": " + e.reason); }
  void skipped(const std::string& p, const std::string& r) override {
    skips.push_back(p + " (" + r + ")");
  }
};

// A scratch directory removed at the end of the test.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("keysift-img-" + std::to_string(::getpid()));
  Scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name, std::ios::binary) << text;
  }
  int sh(const std::string& cmd) const {
    // NOLINTNEXTLINE(cert-env33-c): a test fixture runs its commands through the shell
    return std::system(("cd '" + dir.string() + "' && " + cmd).c_str());
  }
};

LayerResult scan_file(const fs::path& blob, const LayerJob& job, Collector& sink) {
  auto files = ImageFiles::open_path(blob.parent_path().string());
  REQUIRE(files.is_ok());
  auto reader = (*files)->open(blob.filename().string());
  REQUIRE(reader.is_ok());
  Shadow none;
  return scan_layer(**reader, job, none, sink, {});
}

} // namespace

TEST_CASE("whiteouts, opaque directories and overwrites hide lower files") {
  bool escapes = false;
  CHECK(normalize_entry_path("./a//b/", escapes) == "a/b");
  CHECK(!escapes);
  normalize_entry_path("a/../../etc/passwd", escapes);
  CHECK(escapes);
  CHECK(classify_entry("a/.wh.b", false).path == "a/b");
  CHECK(classify_entry("a/.wh..wh..opq", false).kind == LayerEntry::Kind::opaque);

  Shadow shadow;
  shadow.add_layer({classify_entry("etc/.wh.secret", false),
                    classify_entry("opt/.wh..wh..opq", false),
                    classify_entry("app/config", false), classify_entry("gone", false)});
  CHECK(shadow.hides("etc/secret"));
  CHECK(shadow.hides("opt/x/y"));
  CHECK(shadow.hides("app/config"));
  CHECK(shadow.hides("gone/below")); // a file replaced the directory
  CHECK(!shadow.hides("etc/other"));
  CHECK(!shadow.hides("app/other"));

  // An opaque marker at the layer's root hides every lower file, at any depth.
  Shadow root;
  root.add_layer({classify_entry(".wh..wh..opq", false), classify_entry("kept", false)});
  CHECK(root.hides("top"));
  CHECK(root.hides("etc/secret"));
  CHECK(root.hides("kept"));
}

TEST_CASE("config: Env, Cmd, Entrypoint, Labels and history become chunks") {
  auto cfg =
      parse_image_config(R"({"config": {"Env": ["A=1", "B=2"], "Cmd": ["sh", "-c", "x"],
    "Entrypoint": ["/e"], "Labels": {"l": "v"}},
    "history": [{"created_by": "RUN a"}, {"empty_layer": true}, {"created_by": "ARG b"}],
    "rootfs": {"diff_ids": ["sha256:1", "sha256:2"]}})");
  REQUIRE(cfg.is_ok());
  std::vector<std::string> got;
  for (const auto& p : cfg->parts) got.push_back(p.path + "=" + p.data);
  CHECK(got == std::vector<std::string>{"config:Env=A=1\nB=2\n", "config:Cmd=sh -c x\n",
                                        "config:Entrypoint=/e\n", "config:Labels=l=v\n",
                                        "config:history[0].created_by=RUN a\n",
                                        "config:history[2].created_by=ARG b\n"});
  CHECK(cfg->diff_ids.size() == 2);
  CHECK(!parse_image_config("[1,2]").is_ok());
  CHECK(!parse_image_config(R"({"history": 3, "config": {"Env": "x"}})")
             .value()
             .parts.size());
}

TEST_CASE("manifests: digests are checked, unsafe paths refused") {
  CHECK(blob_path("sha256:" + std::string(64, 'a')).value() ==
        "blobs/sha256/" + std::string(64, 'a'));
  CHECK(!blob_path("sha256:../../x").is_ok());
  CHECK(!blob_path("md5:abc").is_ok());
  CHECK(!safe_relative_path("../x"));
  CHECK(!safe_relative_path("/etc/passwd"));
  CHECK(safe_relative_path("blobs/sha256/x"));

  Scratch s;
  s.write("manifest.json", R"([{"Config": "../outside.json", "Layers": []}])");
  auto files = ImageFiles::open_path(s.dir.string());
  REQUIRE(files.is_ok());
  std::vector<scanner::InputError> errors;
  auto images = read_images(**files, "img", errors);
  REQUIRE(images.is_ok());
  CHECK(images->empty());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].reason.find("escapes") != std::string::npos);
}

TEST_CASE("a layer streams every regular file; large ones through a lent reader") {
  Scratch s;
  s.write("root/small.txt", "small file\n");
  s.write("root/big.txt", std::string(300000, 'b'));
  REQUIRE(s.sh("tar -C root -czf layer.tgz small.txt big.txt") == 0);
  LayerJob job;
  job.limits.stream_threshold = 100000;
  Collector sink;
  LayerResult res = scan_file(s.dir / "layer.tgz", job, sink);
  CHECK(res.status.is_ok());
  std::sort(sink.files.begin(), sink.files.end());
  CHECK(sink.files ==
        std::vector<std::string>{"big.txt layer=0 visible=yes: bbbbbbbbbbbbbbbb",
                                 "small.txt layer=0 visible=yes: small file\n"});
  CHECK(sink.errors.empty());
}

TEST_CASE("a decompression bomb stops the layer") {
  Scratch s;
  REQUIRE(s.sh("mkdir root && head -c 20000000 /dev/zero > root/zeros && "
               "tar -C root -cf - zeros | zstd -q -19 -o layer.tar.zst") == 0);
  LayerJob job;
  job.limits.ratio_floor = 1u << 20;
  job.limits.max_ratio = 50;
  Collector sink;
  LayerResult res = scan_file(s.dir / "layer.tar.zst", job, sink);
  CHECK(!res.status.is_ok());
  CHECK(res.status.message().find("decompression bomb") != std::string::npos);
  job.limits = LayerLimits{};
  job.limits.max_bytes = 1u << 20;
  res = scan_file(s.dir / "layer.tar.zst", job, sink);
  CHECK(res.status.kind() == "limit");
  CHECK(res.status.message().find("more than a layer may expand to") != std::string::npos);
  // Two files each under the limit, together over it.
  REQUIRE(s.sh("mkdir two && head -c 700000 /dev/zero > two/a && cp two/a two/b && "
               "tar -C two -cf two.tar a b") == 0);
  res = scan_file(s.dir / "two.tar", job, sink);
  CHECK(res.status.message().find("expands beyond") != std::string::npos);
}

TEST_CASE("a sparse entry's hole counts as the zeros it expands to") {
  // A 1 TiB file that is one hole: a few KiB of tar, and no byte for the decompressor
  // to count. It once bypassed the bomb limits and was read as 1 TiB of zeros.
  Scratch s;
  REQUIRE(s.sh("mkdir root && truncate -s 1T root/hole && echo tail >> root/hole && "
               "tar -C root --sparse -cf layer.tar hole") == 0);
  REQUIRE(std::filesystem::file_size(s.dir / "layer.tar") < (1u << 20));
  LayerJob job;
  Collector sink;
  LayerResult res = scan_file(s.dir / "layer.tar", job, sink); // 1 TiB > 64 GiB
  CHECK(res.status.kind() == "limit");
  job.limits.max_bytes = std::uint64_t{2} << 40; // let it through: the ratio stops it
  job.limits.ratio_floor = 1u << 20;
  job.limits.max_ratio = 50;
  res = scan_file(s.dir / "layer.tar", job, sink);
  CHECK(res.status.kind() == "limit");
  CHECK(res.status.message().find("decompression bomb") != std::string::npos);
}

TEST_CASE(
    "a zero-filled bomb: what follows the tar's end is never expanded, but reported") {
  Scratch s;
  REQUIRE(
      s.sh("mkdir root && echo hi > root/a.txt && tar -C root -cf inner.tar a.txt && "
           "{ cat inner.tar; head -c 20000000 /dev/zero; } > bomb.tar && "
           "gzip -1 -c bomb.tar > layer.tar.gz && zstd -q -19 bomb.tar -o layer.tar.zst && "
           "head -c 20000 /dev/zero >> inner.tar && gzip -c inner.tar > padded.tar.gz") ==
      0);
  for (const char* name : {"layer.tar.gz", "layer.tar.zst"}) {
    CAPTURE(name);
    LayerJob job;
    Collector sink;
    LayerResult res = scan_file(s.dir / name, job, sink);
    CHECK(res.status.kind() == "limit");
    CHECK(res.status.message().find("follow the end of the tar") != std::string::npos);
    CHECK(sink.files.size() == 1); // what came before the end was scanned
  }
  LayerJob job; // a few KiB of zeros after the end is ordinary padding
  Collector sink;
  CHECK(scan_file(s.dir / "padded.tar.gz", job, sink).status.is_ok());
}

TEST_CASE("a digest mismatch and a path escaping the root are reported") {
  Scratch s;
  s.write("root/a.txt", "a\n");
  REQUIRE(s.sh("tar -C root -cf layer.tar --transform 's,^,../,' a.txt") == 0);
  LayerJob job;
  job.digest = "sha256:" + std::string(64, '0');
  Collector sink;
  LayerResult res = scan_file(s.dir / "layer.tar", job, sink);
  CHECK(res.status.message().find("digest mismatch") != std::string::npos);
  REQUIRE(res.problems.size() == 1);
  CHECK(res.problems[0] == "entry escapes the image root: ../a.txt");
  CHECK(sink.files.size() == 1); // still scanned
}
