// The parts of an image configuration where secrets leak: Env, Cmd, Entrypoint, Labels
// and each history entry's created_by (ARG and RUN lines). Each becomes one part with a
// path such as "config:Env" (one line per variable, so the line number says which) or
// "config:history[3].created_by". Plain functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "rules/status.h"

namespace keysift::image {

struct ConfigPart {
  std::string path; // "config:Env", …
  std::string data;
};

struct ImageConfig {
  std::vector<ConfigPart> parts;
  std::vector<std::string> diff_ids; // rootfs.diff_ids, base layer first
};

// Parses a config blob. An error means the JSON is unreadable.
Result<ImageConfig> parse_image_config(const std::string& json_text);

} // namespace keysift::image
