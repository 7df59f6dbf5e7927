// Where scanned bytes came from: typed provenance. A chunk's Origin is shared (by
// shared_ptr) with every finding made from it, so a location is written once by its
// source and never copied per finding. Commits and images are described once, in a
// Catalog, and locations name them by index. Plain data: immutable once shared, so safe
// to read from any thread; a Catalog is filled by one source thread and read under the
// pipeline's lock (see scanner/pipeline.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace keysift::scanner {

inline constexpr std::uint32_t no_index = UINT32_MAX;

// A file on disk, by the path shown in reports ("a/b.txt", never "./a/b.txt").
struct FileOrigin {
  std::string path;
};

// Standard input (shown as "-").
struct StdinOrigin {};

// A blob at `path` in a commit: `commit` indexes Catalog::commits (no_index: the index,
// i.e. a staged change not yet committed). `line` is set only on the other locations of
// a grouped history finding (git/group_findings.h): the line of the secret there.
// With `message` set, the bytes are the commit's message (or an annotated tag's, whose
// tagger and id the catalog entry holds) and `path` is a label such as
// "<commit message>", never a file in the tree.
struct GitBlobOrigin {
  std::uint32_t commit = no_index;
  std::string path;
  std::uint64_t line = 0;
  bool message = false;
};

// The path label of a commit message's location, and the prefix of a tag message's
// ("<tag message v1.0>").
inline constexpr std::string_view commit_message_label = "<commit message>";
std::string tag_message_label(std::string_view tag_name);

// A blob of the object database that no walked commit reaches (`--all-objects`); its
// path is "(unreachable)/<oid>". `line` as for GitBlobOrigin.
struct GitObjectOrigin {
  std::string oid;  // 40 hex digits
  std::string path; // "(unreachable)/" + oid
  std::uint64_t line = 0;
};

// A file in an image layer, or a part of the image's config. `image` indexes
// Catalog::images; `layer` indexes that image's layers (no_index: the config, whose
// `path` names the part, e.g. "config:Env").
struct ImageOrigin {
  std::uint32_t image = 0;
  std::uint32_t layer = no_index;
  std::string path;
  bool visible = true; // false: a later layer deletes or overwrites the file
};

using Location =
    std::variant<FileOrigin, StdinOrigin, GitBlobOrigin, GitObjectOrigin, ImageOrigin>;

// The path a report shows for a location ("-" for stdin).
std::string_view path_of(const Location& where);

// Every place holding a chunk's bytes: `where` first (what path filters and sorting
// use), then the others (a git blob seen at several commits or paths).
struct Origin {
  Location where;
  std::vector<Location> also;
};
using OriginRef = std::shared_ptr<const Origin>;

OriginRef make_origin(Location where, std::vector<Location> also = {});

// Commit metadata shown with git findings.
struct CommitInfo {
  std::string id; // 40 hex digits
  std::string author;
  std::string email;
  std::string date;    // ISO 8601, the author's time zone
  std::string message; // first line
};

struct ImageLayerInfo {
  std::string digest;  // the blob's digest from the manifest; may be empty
  std::string diff_id; // the uncompressed tar's digest from the config; may be empty
};

struct ImageInfo {
  std::string name;
  std::string platform; // shown only when set (an index with several images)
  std::vector<ImageLayerInfo> layers;
};

struct Catalog {
  std::vector<CommitInfo> commits;
  std::vector<ImageInfo> images;
};

} // namespace keysift::scanner
