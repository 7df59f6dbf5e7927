// Walking the trees of a history's commits (oldest first) through keysift's object
// reader, reporting each file (blob and path) and submodule a tree holds that an earlier
// walk did not already report at that path. Each directory keeps the last tree walked
// there (its reference): a tree is compared with its directory's reference entry by
// entry, in git's order, and only entries that differ are followed, so an unchanged file
// or subtree costs a comparison, not a lookup, and a directory renamed or restored is
// compared with what was there, not walked whole. The invariant: every file of a
// directory's reference has been reported at its path. Not thread-safe; one walk owns it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "git/object_parse.h"
#include "git/object_reader.h"

namespace keysift::git {

// Interned paths: "dir/" for directories, "dir/name" for files; "" is the root.
class PathTable {
public:
  std::uint32_t intern(std::string_view path);
  const std::string& path(std::uint32_t id) const { return paths_[id]; }
  std::size_t size() const { return paths_.size(); }

private:
  std::deque<std::string> paths_; // stable: ids_ views into it
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

class TreeVisitor {
public:
  virtual ~TreeVisitor() = default;
  virtual void blob(const unsigned char* id, std::uint32_t path) = 0;
  virtual void submodule(std::uint32_t path) = 0;
};

class TreeWalker {
public:
  TreeWalker(ObjectReader& reader, PathTable& paths) : reader_(reader), paths_(paths) {}
  // Reports what `root` holds beyond the directories' references, then makes its trees
  // the references. An error names the tree that could not be read.
  Status walk(const git_oid& root, TreeVisitor& visitor);
  // Bytes of the reference trees held.
  std::size_t reference_bytes() const { return reference_bytes_; }
  std::uint64_t trees_read() const { return trees_read_; }

private:
  struct Pending {
    git_oid id;
    std::uint32_t dir; // path id of "dir/"
  };
  Status visit(const Pending& at, TreeVisitor& visitor, std::vector<Pending>& stack);

  ObjectReader& reader_;
  PathTable& paths_;
  std::vector<ObjectPtr> references_; // by directory path id
  std::vector<git_oid> reference_ids_;
  std::size_t reference_bytes_ = 0;
  std::uint64_t trees_read_ = 0;
  std::string scratch_;
};

} // namespace keysift::git
