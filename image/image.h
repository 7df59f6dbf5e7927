// ImageSource: a container image saved on disk — a `docker save` / skopeo docker-archive
// tar, an OCI image layout directory, or an OCI layout packed as a tar; layers plain,
// gzip or zstd; a multi-platform index gives one image per platform. Every regular file
// of every layer is scanned, including files a later layer deletes (whiteouts, opaque
// directories) or overwrites; each finding says the image, the platform (when there are
// several), the layer's index and digest, and whether the file is still visible in the
// final image. The config's Env, Cmd, Entrypoint, Labels and history are scanned too.
// Nothing is extracted to disk. A bad layer (truncated, digest mismatch, missing,
// decompression bomb) is an error for that layer; the rest is still scanned.
// Runs on one thread (the pipeline's source thread).
#pragma once

#include <string>

#include "image/layer_scan.h"
#include "scanner/source.h"

namespace keysift::image {

class ImageSource final : public scanner::Source {
public:
  // `label` names the image in reports where its own name is unknown (default: `path`).
  ImageSource(std::string path, LayerLimits limits = {}, std::string label = {})
      : path_(std::move(path)), label_(label.empty() ? path_ : std::move(label)),
        limits_(limits) {}
  Status run(scanner::ChunkSink& sink, std::stop_token stop) override;

private:
  std::string path_;
  std::string label_;
  LayerLimits limits_;
};

} // namespace keysift::image
