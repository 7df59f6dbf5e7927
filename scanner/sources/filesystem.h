// FilesystemSource: files and directories named on the command line, walked
// recursively (`.git` directories skipped, symbolic links inside a tree not followed),
// and "-" for standard input. It only names files; workers read them. Runs on one
// thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/source.h"

namespace keysift::scanner::sources {

class FilesystemSource final : public Source {
public:
  // Which of the files are scanned is the pipeline's gate's to say (scanner/gate.h).
  explicit FilesystemSource(std::vector<std::string> paths);
  Status run(ChunkSink& sink, std::stop_token stop) override;

private:
  void walk(const std::string& root, ChunkSink& sink, const std::stop_token& stop);
  void add_file(const std::string& path, ChunkSink& sink, bool named);

  std::vector<std::string> paths_;
};

// The path as shown in findings: "./a/b" becomes "a/b".
std::string display_path(std::string path);

} // namespace keysift::scanner::sources
