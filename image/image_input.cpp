#include "image/image_input.h"

#include <filesystem>
#include <functional>
#include <system_error>

#include <unistd.h>

#include "image/docker_engine.h"
#include "scanner/finding.h"

namespace keysift::image {
namespace {

namespace fs = std::filesystem;

Result<ImageInput> on_disk(const std::string& arg, const std::string& path,
                           bool directory) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status))
    return Status::error(arg + ": no such " + (directory ? "directory" : "file"));
  if (directory && !fs::is_directory(status))
    return Status::error(arg + ": not a directory (oci: names an OCI layout directory)");
  if (!directory && fs::is_directory(status))
    return Status::error(arg + ": a directory (use oci:" + path + ")");
  return ImageInput{path, arg, nullptr};
}

Result<ImageInput> spooled(const std::string& arg, const InputOptions& options,
                           const std::function<Status(SpoolFile&)>& fill) {
  auto spool = SpoolFile::create(options.spool_dir, options.max_spool_bytes);
  if (!spool) return Status::error(arg + ": " + spool.error());
  auto owned = std::make_shared<SpoolFile>(std::move(spool).value());
  if (auto st = fill(*owned); !st)
    return Status::error(arg + ": " + st.message(),
                         st.kind().empty() ? std::string(scanner::gap::unreadable)
                                           : st.kind());
  if (owned->size() == 0) return Status::error(arg + ": the image stream is empty");
  return ImageInput{owned->path(), arg, owned};
}

} // namespace

Result<ImageInput> resolve_image_input(const std::string& arg,
                                       const InputOptions& options) {
  if (arg == "-") {
    if (::isatty(options.stdin_fd))
      return Status::error("-: expects an image stream on standard input (docker save NAME "
                           "| keysift image -)");
    return spooled("stdin", options,
                   [&](SpoolFile& s) { return s.copy_from(options.stdin_fd); });
  }
  if (arg.starts_with("docker-daemon:")) {
    const std::string name = arg.substr(14);
    if (name.empty())
      return Status::error(arg + ": name an image (docker-daemon:NAME[:TAG])");
    auto socket = engine_socket(options.docker_host);
    if (!socket) return Status::error(arg + ": " + socket.error());
    return spooled(arg, options,
                   [&](SpoolFile& s) { return save_from_engine(*socket, name, s); });
  }
  if (arg.starts_with("oci-archive:")) return on_disk(arg, arg.substr(12), false);
  if (arg.starts_with("docker-archive:")) return on_disk(arg, arg.substr(15), false);
  if (arg.starts_with("oci:")) return on_disk(arg, arg.substr(4), true);
  std::error_code ec;
  if (arg.find("://") != std::string::npos && !fs::exists(arg, ec))
    return Status::error(arg + ": keysift does not pull from registries: skopeo copy "
                               "docker://REF oci:DIR, then keysift image oci:DIR");
  return ImageInput{arg, arg, nullptr}; // ImageSource says what is wrong with a bad path
}

} // namespace keysift::image
