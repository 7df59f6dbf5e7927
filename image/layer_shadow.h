// Which files of a layer are still visible in the final image. Layers are read from the
// top one down; before reading layer i, the Shadow holds what layers i+1.. did: the
// paths they contain (which overwrite the same path below), whiteouts ".wh.NAME" (which
// delete NAME and everything under it) and opaque markers ".wh..wh..opq" (which hide
// everything below in that directory). Holds one string per entry of the upper layers.
// One thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace keysift::image {

// What one tar entry of a layer means for the layers below it.
struct LayerEntry {
  enum class Kind { file, directory, whiteout, opaque };
  Kind kind = Kind::file;
  std::string path; // for whiteouts, the deleted path; for opaque, the directory
};

// Classifies a normalised entry path ("a/b/.wh.c" -> whiteout of "a/b/c").
LayerEntry classify_entry(std::string_view path, bool is_directory);

// "./a//b/" -> "a/b"; an empty result is the root. Sets `escapes` for "..".
std::string normalize_entry_path(std::string_view raw, bool& escapes);

class Shadow {
public:
  // Whether a file at `path` in a lower layer is hidden by the layers added so far.
  bool hides(const std::string& path) const;
  // Adds one layer's entries (call after reading that layer, before the one below).
  void add_layer(const std::vector<LayerEntry>& entries);

private:
  std::unordered_set<std::string> present_;  // any entry: overwrites the same path
  std::unordered_set<std::string> deleted_;  // whiteout targets
  std::unordered_set<std::string> non_dirs_; // a file replaces a directory below
  std::unordered_set<std::string> opaque_;   // directories made opaque
};

} // namespace keysift::image
