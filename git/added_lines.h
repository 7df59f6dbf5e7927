// The lines a diff adds, and turning them into Chunks: one Chunk per run of consecutive
// added lines, whose first_line is the new-file line number of its first line, so the
// engine reports new-file line numbers. Used by the staged and range sources. Diffs
// ignore .gitattributes (a hostile `-diff` attribute must not hide a file): binary means
// a NUL byte in the first 8000 bytes of the new blob, as for files.
// Not thread-safe: one repository and its diffs per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "git/commit_meta.h"
#include "git/handles.h"
#include "scanner/gate.h"
#include "scanner/source.h"

namespace keysift::git {

struct AddedLine {
  std::uint64_t line = 0; // in the new file, 1-based
  std::string text;       // with its line feed, if it had one
};

struct AddedFile {
  std::string path;
  std::vector<AddedLine> lines; // ascending line numbers
};

struct Skipped {
  std::string path;
  std::string reason; // a gate's skip_reason(), "submodule", "unmerged"
};

// A file whose content could not be read (a missing or corrupt blob): the other files
// of the diff are still scanned.
struct Unread {
  std::string path;
  Status status; // "reading blob ID: …" (without the path); kind missing_object or corrupt
};

struct Additions {
  std::vector<AddedFile> files;
  std::vector<Skipped> skipped;
  std::vector<Unread> unread;
};

// Diff options shared by every diff keysift makes: no context lines, attributes and
// binary detection off (we decide), submodules reported but never opened.
git_diff_options diff_options();

// Diffs `old_tree` (nullptr: the empty tree) against `new_tree`, renames detected.
Result<Diff> diff_trees(git_repository* repo, git_tree* old_tree, git_tree* new_tree);

// Detects renames in `diff`, so that a renamed file only shows its changed lines.
Status find_renames(git_diff* diff);

// The added lines of every file in `diff` that `gate` lets through (asked before the
// blob is read, by path, and again with the new blob's size and first bytes, before any
// patch is made); what it skips, submodules and unmerged paths are listed in `skipped`,
// files whose blobs cannot be read in `unread` (one hostile blob must not hide the rest
// of a commit).
Result<Additions> collect_additions(git_repository* repo, git_diff* diff,
                                    const scanner::Gate& gate);

// For a merge: the lines added relative to every parent (each element is the diff against
// one parent, all with the same new tree). Conflict resolutions and evil merges survive;
// what one parent brought is left to the commit that introduced it. Every parent's
// unread files are kept.
Additions common_additions(std::vector<Additions> per_parent);

// Pushes one Chunk per run of consecutive added lines, located at its path in commit
// `commit` (a Catalog index; scanner::no_index: the index, for a staged change).
// Returns false when the sink is stopping.
bool push_runs(const Additions& additions, std::uint32_t commit, scanner::ChunkSink& sink);

} // namespace keysift::git
