// ImageFiles: the files of an image as saved on disk — an OCI layout directory, or a tar
// holding an OCI layout or a `docker save` archive — addressed by their path inside it
// ("index.json", "blobs/sha256/<hex>", "<hex>.tar"). Reading never extracts anything:
// a file inside a tar is streamed from the tar. One thread at a time; readers returned
// by open() are independent of each other and of the ImageFiles.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "codec/byte_reader.h"
#include "rules/status.h"

namespace keysift::image {

class ImageFiles {
public:
  virtual ~ImageFiles() = default;
  // Opens a regular file; an error names what is wrong (missing, not a file, …).
  virtual Result<std::unique_ptr<codec::ByteReader>> open(const std::string& name) = 0;
  virtual bool exists(const std::string& name) const = 0;

  // Reads a whole file of at most `max` bytes (manifests, configs).
  Result<std::string> read_small(const std::string& name, std::size_t max = 16u << 20);

  // Opens `path`: a directory is an OCI layout; a file must be a tar (any compression).
  static Result<std::unique_ptr<ImageFiles>> open_path(const std::string& path);
};

// Whether `name` stays inside the image: relative, no "..", no empty component.
bool safe_relative_path(const std::string& name);

} // namespace keysift::image
