// Fuzz target: git's index reader (git/index_file.h), the pre-commit check's parser of a
// file any repository (or GIT_INDEX_FILE) supplies: formats 2-4, the cache tree, split
// indexes (the link extension's EWAH bitmaps) and sparse indexes (directory entries).
// Input: a 16-bit length L, then a shared index of L bytes, then a split index (the rest).
// Both are parsed; when the second links to a shared index and the first is one, they
// are merged. Invariants: an index that is not split has named entries in git's order,
// directory entries only when sparse; a bitmap expands to exactly its claimed bits and
// never past the bound; a merged index is in order, every entry named, and no larger
// than its parts.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "git/index_file.h"

using namespace keysift;
using namespace keysift::git;

namespace {

bool in_order(const std::vector<IndexEntry>& entries) {
  return std::is_sorted(entries.begin(), entries.end(),
                        [](const IndexEntry& a, const IndexEntry& b) {
                          return a.path != b.path ? a.path < b.path : a.stage < b.stage;
                        });
}

bool named(const std::vector<IndexEntry>& entries) {
  return std::none_of(entries.begin(), entries.end(),
                      [](const IndexEntry& e) { return e.path.empty(); });
}

void check_parsed(const IndexFile& index) {
  if (!index.link) {
    fuzz::check(named(index.entries), "entries of a whole index are named");
    fuzz::check(in_order(index.entries), "entries of a whole index are in git's order");
  }
  const bool directories =
      std::any_of(index.entries.begin(), index.entries.end(),
                  [](const IndexEntry& e) { return e.is_directory(); });
  fuzz::check(!directories || index.sparse, "directory entries only in a sparse index");
}

void check_bitmap(const EwahBitmap& bitmap, std::size_t max_bits) {
  const auto bits = expand_ewah(bitmap, max_bits);
  if (!bits) return;
  fuzz::check(bits->size() == bitmap.bits, "a bitmap expands to the bits it claims");
  fuzz::check(bits->size() <= max_bits, "a bitmap never expands past its bound");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choices(data, size);
  const std::size_t shared_size = choices.u16();
  const std::string_view rest = choices.rest();
  const std::string_view shared_bytes = rest.substr(0, std::min(shared_size, rest.size()));
  const std::string_view split_bytes = rest.substr(shared_bytes.size());
  const auto shared = parse_index(shared_bytes);
  const auto split = parse_index(split_bytes);
  if (shared) check_parsed(*shared);
  if (!split) return 0;
  check_parsed(*split);
  if (split->link) {
    // The bound a merge uses (the shared index's entries) and a small fixed one.
    const std::size_t bound = shared ? shared->entries.size() : 4096;
    check_bitmap(split->link->deleted, bound);
    check_bitmap(split->link->replaced, bound);
  }
  if (!shared) return 0;
  const auto merged = merge_split_index(*split, *shared);
  if (!merged) return 0;
  fuzz::check(split->link && !shared->link, "only a split index merges with a shared one");
  fuzz::check(merged->entries.size() <= shared->entries.size() + split->entries.size(),
              "a merge adds no entry of its own");
  fuzz::check(!merged->link, "a merged index links to nothing");
  check_parsed(*merged); // named, in order, directories only when sparse
  return 0;
}
