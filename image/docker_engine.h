// Reading an image from a local Docker Engine API — Docker's daemon, or podman's
// compatible service (`podman system service`) — over its unix socket: GET
// /images/NAME/get answers the same tar as `docker save NAME`. HTTP/1.1 with a chunked or
// sized body; the answer is copied into a SpoolFile (within its budget). A stalled engine
// is an error after `idle_seconds` without a byte. One call per image; thread-safe (no
// shared state).
#pragma once

#include <string>

#include "image/spool_file.h"
#include "rules/status.h"

namespace keysift::image {

// The socket path named by DOCKER_HOST (`docker_host`, "unix:///path"), or
// /var/run/docker.sock when it is empty. Any other scheme (tcp://, ssh://) is an error:
// keysift reads only a local engine.
Result<std::string> engine_socket(const std::string& docker_host);

// Saves image `name` from the engine at `socket_path` into `out`.
Status save_from_engine(const std::string& socket_path, const std::string& name,
                        SpoolFile& out, int idle_seconds = 120);

// Exposed for tests: the request path for an image name
// ("/images/docker.io%2Fapp%3A1/get").
std::string engine_save_path(const std::string& name);

} // namespace keysift::image
