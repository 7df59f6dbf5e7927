#include "git/added_lines.h"

#include <map>
#include <set>

namespace keysift::git {

git_diff_options diff_options() {
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_FORCE_TEXT | GIT_DIFF_SKIP_BINARY_CHECK;
  opts.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL; // never look into a submodule's tree
  return opts;
}

Status find_renames(git_diff* diff) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff, &find) != 0) return git_failure("detecting renames");
  return Status::ok();
}

Result<Diff> diff_trees(git_repository* repo, git_tree* old_tree, git_tree* new_tree) {
  git_diff* raw = nullptr;
  const git_diff_options opts = diff_options();
  if (git_diff_tree_to_tree(&raw, repo, old_tree, new_tree, &opts) != 0)
    return git_failure("diffing trees");
  Diff diff(raw);
  if (auto st = find_renames(diff.get()); !st) return st;
  return diff;
}

namespace {

// A null Blob stands for empty content. Errors do not name the path: the caller does.
Result<Blob> lookup_blob(git_repository* repo, const git_oid& id) {
  git_blob* raw = nullptr;
  const int rc = git_blob_lookup(&raw, repo, &id);
  if (rc == 0) return Blob(raw);
  // `git add -N` stages the empty blob's id without writing the blob.
  if (oid_hex(id) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391") return Blob();
  return Status::error(git_failure("reading blob " + oid_hex(id)).message(),
                       rc == GIT_ENOTFOUND ? scanner::gap::missing_object
                                           : scanner::gap::corrupt);
}

std::string_view content(const Blob& blob) {
  if (!blob) return {};
  return {static_cast<const char*>(git_blob_rawcontent(blob.get())),
          static_cast<std::size_t>(git_blob_rawsize(blob.get()))};
}

// The side of a delta that a patch compares against: nothing for an added file or one
// that was a submodule.
Result<Blob> old_blob(git_repository* repo, const git_diff_delta& delta) {
  if (delta.status == GIT_DELTA_ADDED || delta.old_file.mode == GIT_FILEMODE_COMMIT ||
      git_oid_is_zero(&delta.old_file.id))
    return Blob();
  return lookup_blob(repo, delta.old_file.id);
}

// The added lines between two contents. The patch is made from buffers, with no
// repository and no path: no .gitattributes is read (a hostile `-diff` attribute must
// not hide a file) and the index is never loaded.
Status patch_lines(std::string_view old_text, std::string_view new_text, AddedFile& file) {
  git_patch* raw = nullptr;
  const git_diff_options opts = diff_options();
  if (git_patch_from_buffers(&raw, old_text.data(), old_text.size(), nullptr,
                             new_text.data(), new_text.size(), nullptr, &opts) != 0)
    return git_failure(file.path + ": computing the diff");
  std::unique_ptr<git_patch, GitFree<git_patch, git_patch_free>> patch(raw);
  if (!patch) return Status::ok();
  const std::size_t hunks = git_patch_num_hunks(patch.get());
  for (std::size_t h = 0; h < hunks; ++h) {
    const int n = git_patch_num_lines_in_hunk(patch.get(), h);
    for (int i = 0; i < n; ++i) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<std::size_t>(i)) !=
          0)
        return git_failure(file.path + ": reading the diff");
      if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0) continue;
      file.lines.push_back({static_cast<std::uint64_t>(line->new_lineno),
                            std::string(line->content, line->content_len)});
    }
  }
  return Status::ok();
}

} // namespace

Result<Additions> collect_additions(git_repository* repo, git_diff* diff,
                                    const scanner::Gate& gate) {
  Additions out;
  const std::size_t n = git_diff_num_deltas(diff);
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    if (delta->status == GIT_DELTA_DELETED || delta->status == GIT_DELTA_UNMODIFIED ||
        delta->status == GIT_DELTA_IGNORED || delta->status == GIT_DELTA_UNTRACKED)
      continue;
    if (delta->status == GIT_DELTA_CONFLICTED) { // no staged content yet: cannot commit
      out.skipped.push_back({delta->new_file.path, "unmerged"});
      continue;
    }
    const std::string path = delta->new_file.path;
    if (delta->new_file.mode == GIT_FILEMODE_COMMIT) {
      out.skipped.push_back({path, "submodule"});
      continue;
    }
    if (const auto skip = gate.judge({path, {}, {}}); skip != scanner::Skip::none) {
      out.skipped.push_back({path, std::string(skip_reason(skip))});
      continue;
    }
    auto new_blob = lookup_blob(repo, delta->new_file.id);
    if (!new_blob) {
      out.unread.push_back({path, new_blob.status()});
      continue;
    }
    const std::string_view bytes = content(*new_blob);
    if (const auto skip = gate.judge({std::nullopt, bytes.size(), bytes.substr(0, 8000)});
        skip != scanner::Skip::none) {
      out.skipped.push_back({path, std::string(skip_reason(skip))});
      continue;
    }
    auto old = old_blob(repo, *delta);
    if (!old) {
      out.unread.push_back({path, old.status()});
      continue;
    }
    AddedFile file{path, {}};
    if (auto st = patch_lines(content(*old), content(*new_blob), file); !st) return st;
    if (!file.lines.empty()) out.files.push_back(std::move(file));
  }
  return out;
}

Additions common_additions(std::vector<Additions> per_parent) {
  if (per_parent.empty()) return {};
  Additions out = std::move(per_parent.front());
  for (std::size_t p = 1; p < per_parent.size(); ++p)
    for (auto& u : per_parent[p].unread) out.unread.push_back(std::move(u));
  std::map<std::string, std::set<std::uint64_t>> keep;
  for (std::size_t p = 1; p < per_parent.size(); ++p) {
    std::map<std::string, std::set<std::uint64_t>> added;
    for (const auto& f : per_parent[p].files)
      for (const auto& l : f.lines) added[f.path].insert(l.line);
    for (auto& f : out.files) {
      auto it = added.find(f.path);
      std::erase_if(f.lines, [&](const AddedLine& l) {
        return it == added.end() || it->second.count(l.line) == 0;
      });
    }
  }
  std::erase_if(out.files, [](const AddedFile& f) { return f.lines.empty(); });
  return out;
}

bool push_runs(const Additions& additions, std::uint32_t commit, scanner::ChunkSink& sink) {
  for (const auto& s : additions.skipped) sink.skipped(s.path, s.reason);
  for (const auto& file : additions.files) {
    const scanner::OriginRef origin =
        scanner::make_origin(scanner::GitBlobOrigin{commit, file.path});
    std::size_t i = 0;
    while (i < file.lines.size()) {
      scanner::Chunk chunk;
      chunk.origin = origin;
      chunk.first_line = file.lines[i].line;
      std::uint64_t next = file.lines[i].line;
      for (; i < file.lines.size() && file.lines[i].line == next; ++i, ++next)
        chunk.data += file.lines[i].text;
      if (!sink.push(std::move(chunk))) return false;
    }
  }
  return true;
}

} // namespace keysift::git
