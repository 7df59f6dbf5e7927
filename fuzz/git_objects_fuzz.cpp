// Fuzz target: the commit and tree parsers of the history walk (git/object_parse.h) on
// the same bytes. Invariants: a parsed commit's parents and tree come from well-formed
// lines; tree entries tile the bytes from the start up to the first malformed one, each
// with a non-empty name free of NUL and an id inside the bytes; git's entry order is
// antisymmetric.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "git/object_parse.h"

using namespace keysift;
using namespace keysift::git;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto commit = parse_commit(bytes))
    fuzz::check(bytes.substr(0, 5) == "tree ", "a commit starts with its tree");
  TreeEntry previous, entry;
  bool have_previous = false;
  const char* why = "";
  for (std::size_t at = 0; at < bytes.size(); at = entry.end) {
    if (!parse_tree_entry(bytes, at, entry, why)) break;
    fuzz::check(entry.begin == at && entry.end > at && entry.end <= bytes.size(),
                "an entry lies where it was read");
    fuzz::check(!entry.name.empty() && entry.name.find('\0') == std::string_view::npos,
                "a name is non-empty and has no NUL");
    fuzz::check(entry.id >= data && entry.id + GIT_OID_RAWSZ <= data + size,
                "an entry's id lies inside the tree");
    if (have_previous)
      fuzz::check(compare_entries(previous, entry) == -compare_entries(entry, previous),
                  "entry order is antisymmetric");
    previous = entry;
    have_previous = true;
  }
  return 0;
}
