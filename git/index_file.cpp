#include "git/index_file.h"

#include <algorithm>
#include <cstdint>

#include "codec/byte_reader.h"

namespace keysift::git {

const CacheTree* CacheTree::child(std::string_view child_name) const {
  for (const auto& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

namespace {

constexpr std::size_t oid_size = 20;  // SHA-1
constexpr std::size_t stat_size = 40; // ctime, mtime, dev, ino, mode, uid, gid, size
constexpr std::uint16_t flag_extended = 0x4000;

// Bounds-checked reading; the first failure sticks.
class Cursor {
public:
  explicit Cursor(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::size_t left() const { return in_.size(); }
  std::string_view rest() const { return in_; }

  std::string_view take(std::size_t n) {
    if (!ok_ || n > in_.size()) {
      ok_ = false;
      return {};
    }
    std::string_view out = in_.substr(0, n);
    in_.remove_prefix(n);
    return out;
  }
  std::uint32_t be32() {
    std::uint32_t v = 0;
    for (const char c : take(4)) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
  }
  std::uint16_t be16() {
    std::uint16_t v = 0;
    for (const char c : take(2))
      v = static_cast<std::uint16_t>((v << 8) | static_cast<unsigned char>(c));
    return v;
  }
  // Up to a NUL byte, which is consumed.
  std::string_view until_nul() { return until('\0'); }
  std::string_view until(char end) {
    const std::size_t at = in_.find(end);
    if (!ok_ || at == std::string_view::npos) {
      ok_ = false;
      return {};
    }
    std::string_view out = in_.substr(0, at);
    in_.remove_prefix(at + 1);
    return out;
  }
  // git's offset varint (index format 4).
  std::uint64_t varint() {
    std::string_view b = take(1);
    if (b.empty()) return 0;
    auto c = static_cast<unsigned char>(b[0]);
    std::uint64_t v = c & 127;
    while (ok_ && (c & 128)) {
      b = take(1);
      if (b.empty() || v > (std::uint64_t{UINT64_MAX} >> 8)) {
        ok_ = false;
        return 0;
      }
      c = static_cast<unsigned char>(b[0]);
      v = ((v + 1) << 7) + (c & 127);
    }
    return v;
  }
  void fail() { ok_ = false; }

private:
  std::string_view in_;
  bool ok_ = true;
};

bool read_oid(Cursor& in, git_oid& out) {
  const std::string_view raw = in.take(oid_size);
  if (!in.ok()) return false;
  git_oid_fromraw(&out, reinterpret_cast<const unsigned char*>(raw.data()));
  return true;
}

bool parse_count(std::string_view text, long& out) {
  if (text.empty() || text.size() > 10) return false;
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return false;
  long v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  out = text[0] == '-' ? -v : v;
  return true;
}

bool parse_cache_tree(Cursor& in, CacheTree& node, int depth) {
  if (depth > 4096) return false;
  node.name = std::string(in.until_nul());
  long entries = 0, subtrees = 0;
  if (!parse_count(in.until(' '), entries) || !parse_count(in.until('\n'), subtrees) ||
      subtrees < 0 || !in.ok())
    return false;
  node.valid = entries >= 0;
  if (node.valid && !read_oid(in, node.id)) return false;
  for (long i = 0; i < subtrees; ++i) {
    if (in.left() == 0) return false;
    CacheTree child;
    if (!parse_cache_tree(in, child, depth + 1)) return false;
    node.children.push_back(std::move(child));
  }
  return in.ok();
}

bool parse_entry(Cursor& in, std::uint32_t version, const std::string& previous,
                 IndexEntry& e) {
  Cursor stat_data(in.take(stat_size));
  stat_data.take(24); // ctime, mtime, dev, ino
  e.mode = stat_data.be32();
  if (!read_oid(in, e.id)) return false;
  const std::uint16_t flags = in.be16();
  e.stage = (flags >> 12) & 3u;
  std::size_t fixed = stat_size + oid_size + 2;
  if (flags & flag_extended) {
    if (version < 3) return false;
    in.be16();
    fixed += 2;
  }
  if (version == 4) {
    const std::uint64_t strip = in.varint();
    if (strip > previous.size()) return false;
    e.path = previous.substr(0, previous.size() - strip);
    e.path += in.until_nul();
  } else {
    e.path = std::string(in.until_nul());
    // Entries are padded with 1-8 NUL bytes to a multiple of 8 (the NUL read included).
    const std::size_t used = fixed + e.path.size() + 1;
    in.take(((fixed + e.path.size() + 8) & ~std::size_t{7}) - used);
  }
  // A split index's replacement entries may leave the path empty (the shared one's).
  return in.ok();
}

bool sorted(const std::vector<IndexEntry>& entries) {
  return std::is_sorted(entries.begin(), entries.end(),
                        [](const IndexEntry& a, const IndexEntry& b) {
                          return a.path != b.path ? a.path < b.path : a.stage < b.stage;
                        });
}

// An EWAH bitmap's words, unexpanded (see EwahBitmap); the position of the last
// run-length word that follows them is not needed to decode.
std::optional<EwahBitmap> read_ewah(Cursor& in) {
  EwahBitmap out;
  out.bits = in.be32();
  const std::uint32_t words = in.be32();
  if (!in.ok() || words > in.left() / 8) return std::nullopt;
  out.words.resize(words);
  for (auto& w : out.words) w = (std::uint64_t{in.be32()} << 32) | in.be32();
  in.be32();
  if (!in.ok()) return std::nullopt;
  return out;
}

bool parse_link(Cursor& ext, SplitLink& link) {
  if (!read_oid(ext, link.shared)) return false;
  if (ext.left() == 0) return true; // no bitmaps: nothing deleted or replaced
  auto deleted = read_ewah(ext);
  auto replaced = deleted ? read_ewah(ext) : std::nullopt;
  if (!replaced || ext.left() != 0) return false;
  link.deleted = std::move(*deleted);
  link.replaced = std::move(*replaced);
  return true;
}

} // namespace

std::optional<std::vector<bool>> expand_ewah(const EwahBitmap& bitmap,
                                             std::size_t max_bits) {
  if (bitmap.bits > max_bits) return std::nullopt;
  const std::size_t bits = bitmap.bits;
  std::vector<bool> out;
  out.reserve(bits);
  const auto& words = bitmap.words;
  for (std::size_t i = 0; i < words.size() && out.size() < bits;) {
    const std::uint64_t rlw = words[i++];
    const std::uint64_t run = ((rlw >> 1) & 0xffffffffu) * 64, literals = rlw >> 33;
    out.insert(out.end(),
               static_cast<std::size_t>(std::min<std::uint64_t>(run, bits - out.size())),
               (rlw & 1u) != 0);
    for (std::uint64_t l = 0; l < literals && i < words.size() && out.size() < bits; ++l) {
      const std::uint64_t word = words[i++];
      for (unsigned k = 0; k < 64 && out.size() < bits; ++k)
        out.push_back((word >> k) & 1u);
    }
  }
  if (out.size() < bits) return std::nullopt;
  return out;
}

std::optional<IndexFile> parse_index(std::string_view bytes) {
  if (bytes.size() < 12 + oid_size) return std::nullopt;
  Cursor in(bytes.substr(0, bytes.size() - oid_size)); // the trailing checksum
  if (in.take(4) != "DIRC") return std::nullopt;
  const std::uint32_t version = in.be32();
  if (version < 2 || version > 4) return std::nullopt;
  const std::uint32_t count = in.be32();
  if (count > in.left() / 8) return std::nullopt; // an entry takes at least 8 bytes
  IndexFile out;
  out.entries.reserve(count);
  std::string previous;
  for (std::uint32_t i = 0; i < count; ++i) {
    IndexEntry e;
    if (!parse_entry(in, version, previous, e)) return std::nullopt;
    previous = e.path;
    out.entries.push_back(std::move(e));
  }
  while (in.ok() && in.left() > 0) {
    const std::string_view sig = in.take(4);
    const std::uint32_t size = in.be32();
    Cursor ext(in.take(size));
    if (!in.ok()) return std::nullopt;
    if (sig == "TREE") {
      CacheTree root;
      if (!parse_cache_tree(ext, root, 0) || ext.left() != 0) return std::nullopt;
      out.tree = std::move(root);
    } else if (sig == "link") {
      SplitLink link;
      if (!parse_link(ext, link)) return std::nullopt;
      out.link = std::move(link);
    } else if (sig == "sdir") {
      out.sparse = true; // directory entries (see IndexEntry::is_directory) may follow
    } else if (sig[0] < 'A' || sig[0] > 'Z') {
      return std::nullopt; // another required extension: leave it to libgit2
    }
  }
  if (!in.ok()) return std::nullopt;
  // A split index's entries are sorted once merged with the shared index.
  const bool named = std::none_of(out.entries.begin(), out.entries.end(),
                                  [](const IndexEntry& e) { return e.path.empty(); });
  if (!out.link && (!named || !sorted(out.entries))) return std::nullopt;
  const bool directories =
      std::any_of(out.entries.begin(), out.entries.end(),
                  [](const IndexEntry& e) { return e.is_directory(); });
  if (directories && !out.sparse) return std::nullopt;
  return out;
}

std::optional<IndexFile> merge_split_index(IndexFile split, const IndexFile& shared) {
  if (!split.link || shared.link) return std::nullopt;
  // Each bitmap has at most one bit per shared entry: a larger claim is damage, and
  // is refused before any bit is expanded.
  const auto deleted = expand_ewah(split.link->deleted, shared.entries.size());
  const auto replaced = expand_ewah(split.link->replaced, shared.entries.size());
  if (!deleted || !replaced) return std::nullopt;
  const auto bit = [](const std::vector<bool>& bits, std::size_t i) {
    return i < bits.size() && bits[i];
  };
  IndexFile out;
  out.tree = std::move(split.tree);
  out.sparse = split.sparse || shared.sparse;
  std::size_t next = 0; // the split index's entries replace shared ones in order
  for (std::size_t i = 0; i < shared.entries.size(); ++i) {
    IndexEntry e = shared.entries[i];
    if (bit(*replaced, i)) {
      if (next == split.entries.size()) return std::nullopt;
      IndexEntry& r = split.entries[next++];
      if (r.path.empty()) r.path = e.path;
      e = std::move(r);
    }
    if (!bit(*deleted, i)) out.entries.push_back(std::move(e));
  }
  for (; next < split.entries.size(); ++next) { // entries added since the shared index
    if (split.entries[next].path.empty()) return std::nullopt;
    out.entries.push_back(std::move(split.entries[next]));
  }
  std::sort(out.entries.begin(), out.entries.end(),
            [](const IndexEntry& a, const IndexEntry& b) {
              return a.path != b.path ? a.path < b.path : a.stage < b.stage;
            });
  return out;
}

namespace {

std::optional<IndexFile> read_one(const std::string& path) {
  const auto bytes = codec::read_small_file(path, std::uintmax_t{1} << 32);
  if (!bytes) return std::nullopt;
  return parse_index(*bytes);
}

} // namespace

std::optional<IndexFile> read_index_file(const std::string& path,
                                         const std::string& git_dir) {
  auto index = read_one(path);
  if (!index || !index->link) return index;
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &index->link->shared);
  auto shared = read_one(git_dir + "/sharedindex." + hex);
  if (!shared) return std::nullopt;
  return merge_split_index(std::move(*index), *shared);
}

} // namespace keysift::git
