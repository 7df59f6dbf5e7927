// What `keysift image ARG` names, resolved to something ImageSource reads:
//   PATH, docker-archive:PATH   a `docker save` tar, an OCI layout (directory or tar)
//   oci:DIR, oci-archive:FILE   an OCI layout directory, or one packed as a tar
//   -                           a `docker save` / `podman save` stream on standard input
//   docker-daemon:NAME          image NAME from the local Docker engine (or podman's
//                               compatible service) through DOCKER_HOST's unix socket
// A stream has no random access and `docker save` writes its manifest last, so it is
// spooled to an anonymous temporary file first, within a budget (InputOptions).
// Registry images: `skopeo copy docker://REF oci:DIR` first, then `keysift image DIR`.
// Used by one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "image/spool_file.h"
#include "rules/status.h"

namespace keysift::image {

struct InputOptions {
  std::uint64_t max_spool_bytes = std::uint64_t{16}
                                  << 30; // a stream bigger than this fails
  std::string spool_dir;                 // empty: /tmp
  std::string docker_host;               // DOCKER_HOST; empty: /var/run/docker.sock
  int stdin_fd = 0;
};

struct ImageInput {
  std::string path;                 // what ImageSource opens
  std::string label;                // how reports name it: the argument as given
  std::shared_ptr<SpoolFile> spool; // keeps a spooled stream alive
};

Result<ImageInput> resolve_image_input(const std::string& arg, const InputOptions& options);

} // namespace keysift::image
