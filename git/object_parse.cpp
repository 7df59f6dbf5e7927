#include "git/object_parse.h"

#include <algorithm>
#include <cstring>

namespace keysift::git {
namespace {

bool parse_hex_oid(std::string_view hex, git_oid& out) {
  if (hex.size() < GIT_OID_HEXSZ) return false;
  for (std::size_t i = 0; i < GIT_OID_HEXSZ; ++i) {
    const char c = hex[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return git_oid_fromstrn(&out, hex.data(), GIT_OID_HEXSZ) == 0;
}

// The line starting at `at` (without its newline); advances `at` past it.
bool next_line(std::string_view bytes, std::size_t& at, std::string_view& line) {
  if (at >= bytes.size()) return false;
  const std::size_t nl = bytes.find('\n', at);
  const std::size_t end = nl == std::string_view::npos ? bytes.size() : nl;
  line = bytes.substr(at, end - at);
  at = nl == std::string_view::npos ? bytes.size() : nl + 1;
  return true;
}

// "Name <email> 1700000000 +0100": the seconds after the last '>' (0 when absent, as
// libgit2 reads a signature without a time).
std::int64_t signature_time(std::string_view sig) {
  const std::size_t gt = sig.rfind('>');
  if (gt == std::string_view::npos) return 0;
  std::size_t i = gt + 1;
  while (i < sig.size() && sig[i] == ' ') ++i;
  bool negative = false;
  if (i < sig.size() && (sig[i] == '-' || sig[i] == '+')) negative = sig[i++] == '-';
  std::int64_t value = 0;
  for (int digits = 0; i < sig.size() && sig[i] >= '0' && sig[i] <= '9' && digits < 18;
       ++i, ++digits)
    value = value * 10 + (sig[i] - '0');
  return negative ? -value : value;
}

} // namespace

Result<CommitHeader> parse_commit(std::string_view bytes) {
  CommitHeader out;
  std::size_t at = 0;
  std::string_view line;
  if (!next_line(bytes, at, line) || line.substr(0, 5) != "tree " ||
      !parse_hex_oid(line.substr(5), out.tree) || line.size() != 5 + GIT_OID_HEXSZ)
    return Status::error("commit without a tree line");
  bool committer = false;
  while (next_line(bytes, at, line) && !line.empty()) {
    if (line.substr(0, 7) == "parent ") {
      git_oid parent;
      if (line.size() != 7 + GIT_OID_HEXSZ || !parse_hex_oid(line.substr(7), parent))
        return Status::error("commit with a malformed parent line");
      out.parents.push_back(parent);
    } else if (line.substr(0, 10) == "committer " && !committer) {
      out.time = signature_time(line.substr(10));
      committer = true;
    }
  }
  if (!committer) return Status::error("commit without a committer");
  return out;
}

bool parse_tree_entry(std::string_view tree, std::size_t at, TreeEntry& out,
                      const char*& why) {
  std::size_t i = at;
  std::uint32_t mode = 0;
  int digits = 0;
  for (; i < tree.size() && tree[i] != ' '; ++i, ++digits) {
    const char c = tree[i];
    if (c < '0' || c > '7' || digits >= 7) {
      why = "tree entry with a malformed mode";
      return false;
    }
    mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
  }
  if (i >= tree.size() || digits == 0) {
    why = "truncated tree entry";
    return false;
  }
  const std::size_t name_at = ++i;
  const void* nul = std::memchr(tree.data() + name_at, '\0', tree.size() - name_at);
  if (nul == nullptr) {
    why = "tree entry without the end of its name";
    return false;
  }
  const auto name_end =
      static_cast<std::size_t>(static_cast<const char*>(nul) - tree.data());
  if (name_end == name_at || tree.size() - name_end - 1 < GIT_OID_RAWSZ) {
    why = name_end == name_at ? "tree entry with an empty name" : "truncated tree entry";
    return false;
  }
  out.name = tree.substr(name_at, name_end - name_at);
  out.id = reinterpret_cast<const unsigned char*>(tree.data() + name_end + 1);
  out.mode = mode;
  const std::uint32_t type = mode & 0170000u;
  out.kind = type == 0040000u   ? EntryKind::tree
             : type == 0160000u ? EntryKind::submodule
                                : EntryKind::blob;
  out.begin = at;
  out.end = name_end + 1 + GIT_OID_RAWSZ;
  return true;
}

int compare_entries(const TreeEntry& a, const TreeEntry& b) {
  const std::size_t n = std::min(a.name.size(), b.name.size());
  if (int c = std::memcmp(a.name.data(), b.name.data(), n); c != 0) return c;
  // Past the common prefix: the next character, or '/' for a tree's end, or NUL.
  auto next = [n](const TreeEntry& e) -> unsigned {
    if (n < e.name.size()) return static_cast<unsigned char>(e.name[n]);
    return e.kind == EntryKind::tree ? '/' : 0u;
  };
  const unsigned ca = next(a), cb = next(b);
  return ca < cb ? -1 : (ca > cb ? 1 : 0);
}

} // namespace keysift::git
