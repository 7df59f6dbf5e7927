#include "git/tree_walk.h"

#include <cstring>

#include "git/handles.h"

namespace keysift::git {

std::uint32_t PathTable::intern(std::string_view path) {
  if (auto it = ids_.find(path); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(paths_.size());
  paths_.emplace_back(path);
  ids_.emplace(paths_.back(), id);
  return id;
}

Status TreeWalker::walk(const git_oid& root, TreeVisitor& visitor) {
  std::vector<Pending> stack{{root, paths_.intern("")}};
  while (!stack.empty()) {
    const Pending at = stack.back();
    stack.pop_back();
    if (auto st = visit(at, visitor, stack); !st) return st;
  }
  return Status::ok();
}

// One tree against its directory's reference: a merge of two sorted entry lists. An
// entry equal to the reference's (name, mode and id) is skipped; any other is reported
// or, for a subtree, walked. A tree whose entries are out of order only costs more
// comparisons: an entry is skipped only after an exact match.
Status TreeWalker::visit(const Pending& at, TreeVisitor& visitor,
                         std::vector<Pending>& stack) {
  const std::string dir = paths_.path(at.dir);
  auto fail = [&](const std::string& why) {
    return Status::error("tree " + oid_hex(at.id) + (dir.empty() ? "" : " at " + dir) +
                         ": " + why);
  };
  if (references_.size() <= at.dir) {
    references_.resize(at.dir + 1);
    reference_ids_.resize(at.dir + 1);
  }
  const ObjectPtr reference = references_[at.dir];
  if (reference && git_oid_equal(&reference_ids_[at.dir], &at.id)) return Status::ok();
  auto read = reader_.read(at.id);
  if (!read) return fail(read.error());
  const ObjectPtr tree = std::move(read).value();
  if (tree->type() != PackType::tree) return fail("not a tree");
  ++trees_read_;
  const std::string_view t = tree->view();
  const std::string_view r = reference ? reference->view() : std::string_view();
  TreeEntry te, re;
  const char* why = "";
  std::size_t j = 0;
  bool have_r = !r.empty() && parse_tree_entry(r, 0, re, why);
  for (std::size_t i = 0; i < t.size(); i = te.end) {
    if (!parse_tree_entry(t, i, te, why)) return fail(why);
    while (have_r && compare_entries(re, te) < 0) {
      j = re.end;
      have_r = j < r.size() && parse_tree_entry(r, j, re, why);
    }
    if (have_r && re.mode == te.mode && re.name == te.name &&
        std::memcmp(re.id, te.id, GIT_OID_RAWSZ) == 0)
      continue;
    scratch_.assign(dir).append(te.name);
    switch (te.kind) {
    case EntryKind::tree: {
      scratch_.push_back('/');
      Pending sub{{}, paths_.intern(scratch_)};
      std::memcpy(sub.id.id, te.id, GIT_OID_RAWSZ);
      stack.push_back(sub);
      break;
    }
    case EntryKind::blob:
      visitor.blob(te.id, paths_.intern(scratch_));
      break;
    case EntryKind::submodule:
      visitor.submodule(paths_.intern(scratch_));
      break;
    }
  }
  reference_bytes_ += tree->size() - (reference ? reference->size() : 0);
  references_[at.dir] = tree;
  reference_ids_[at.dir] = at.id;
  return Status::ok();
}

} // namespace keysift::git
