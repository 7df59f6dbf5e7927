#include "scanner/sources/filesystem.h"

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>

#include "rules/errno_text.h"

namespace keysift::scanner::sources {
namespace fs = std::filesystem;

std::string display_path(std::string path) {
  while (path.size() > 2 && path.compare(0, 2, "./") == 0) path.erase(0, 2);
  return path;
}

namespace {

std::string join(const std::string& dir, const std::string& name) {
  if (dir == ".") return name;
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

} // namespace

FilesystemSource::FilesystemSource(std::vector<std::string> paths)
    : paths_(std::move(paths)) {}

void FilesystemSource::add_file(const std::string& path, ChunkSink& sink, bool named) {
  Chunk chunk;
  chunk.origin = make_origin(FileOrigin{display_path(path)});
  chunk.file = path;
  chunk.named = named;
  sink.push(std::move(chunk));
}

Status FilesystemSource::run(ChunkSink& sink, std::stop_token stop) {
  for (const auto& path : paths_) {
    if (stop.stop_requested()) break;
    if (path == "-") {
      Chunk chunk;
      chunk.origin = make_origin(StdinOrigin{});
      chunk.file = "-";
      sink.push(std::move(chunk));
      continue;
    }
    struct stat sb {};
    if (::stat(path.c_str(), &sb) != 0) { // a link named explicitly is followed
      sink.error(InputError{display_path(path), errno_text(errno), gap::unreadable});
      continue;
    }
    if (S_ISDIR(sb.st_mode))
      walk(path, sink, stop);
    else
      add_file(path, sink, true);
  }
  return Status::ok();
}

// Depth-first walk; every unreadable directory is an error, never a silent gap.
void FilesystemSource::walk(const std::string& root, ChunkSink& sink,
                            const std::stop_token& stop) {
  std::vector<std::string> dirs{root};
  while (!dirs.empty() && !stop.stop_requested()) {
    const std::string dir = std::move(dirs.back());
    dirs.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      sink.error(InputError{display_path(dir), ec.message(), gap::unreadable});
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const std::string path = join(dir, name);
      // The entry's own type comes from readdir (d_type) without a stat call, except
      // on file systems that do not report it.
      std::error_code sec;
      const bool is_link = it->is_symlink(sec);
      const bool is_dir = !sec && !is_link && it->is_directory(sec);
      const bool is_file = !sec && !is_link && !is_dir && it->is_regular_file(sec);
      if (sec) {
        sink.error(InputError{display_path(path), sec.message(), gap::unreadable});
        continue;
      }
      if (is_link)
        sink.skipped(path, "symlink");
      else if (is_dir) {
        if (name == ".git")
          sink.skipped(path, ".git directory");
        else
          dirs.push_back(path);
      } else if (is_file)
        add_file(path, sink, false);
      else
        sink.skipped(path, "special file");
    }
    if (ec) sink.error(InputError{display_path(dir), ec.message(), gap::unreadable});
  }
}

} // namespace keysift::scanner::sources
