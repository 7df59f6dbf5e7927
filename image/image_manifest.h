// Reading an image's manifests: which images a saved image holds (one per platform of a
// multi-platform index), and for each its config and layers, in order. Handles OCI
// layouts (index.json, nested indexes, Docker manifest lists) and `docker save` archives
// (manifest.json). Digests of manifests are verified here; layer blobs are verified
// while they stream (layer_scan.h). Every JSON's nesting is bounded before it is parsed
// (codec/json_depth.h). Plain functions; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "image/image_files.h"
#include "scanner/finding.h"

namespace keysift::image {

struct LayerRef {
  std::string path;    // inside the ImageFiles
  std::string digest;  // "sha256:<hex>" of the blob as stored; empty if unknown
  std::string diff_id; // "sha256:<hex>" of the uncompressed tar (from the config)
  std::string media_type;
};

struct ImageRef {
  std::string name;     // reference name or repository tag; else the input's path
  std::string platform; // "linux/arm64/v8"; empty if the manifest does not say
  std::string config_path, config_digest;
  std::vector<LayerRef> layers; // base layer first
  // A BuildKit attestation (an SBOM, build provenance): platform unknown/unknown, layers
  // of in-toto JSON rather than tars. Scanned as documents: provenance records build
  // arguments. A manifest annotated as one that names a real platform is an image.
  bool attestation = false;
};

// Bounds on what an index may make keysift read: descriptors visited across all nested
// indexes (each manifest and index is read once, however often it is listed), and
// nesting depth.
inline constexpr std::size_t max_index_descriptors = 4096;
inline constexpr int max_index_depth = 4;

// The images in `files`. Images that cannot be read become `errors` (with the reason);
// a non-ok result means nothing could be read at all.
Result<std::vector<ImageRef>> read_images(ImageFiles& files,
                                          const std::string& fallback_name,
                                          std::vector<scanner::InputError>& errors);

// "blobs/sha256/<hex>" for "sha256:<hex>"; an error for any other form.
Result<std::string> blob_path(const std::string& digest);

} // namespace keysift::image
