#include "git/loose_object.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <zlib.h>

#include "scanner/finding.h"

namespace keysift::git {

bool parse_loose_header(std::string_view head, PackType& type, std::uint64_t& size,
                        std::size_t& length) {
  const auto nul = head.find('\0');
  const auto space = head.find(' ');
  if (nul == std::string_view::npos || space == std::string_view::npos || space > nul)
    return false;
  const std::string_view name = head.substr(0, space);
  if (name == "blob")
    type = PackType::blob;
  else if (name == "tree")
    type = PackType::tree;
  else if (name == "commit")
    type = PackType::commit;
  else if (name == "tag")
    type = PackType::tag;
  else
    return false;
  const std::string_view digits = head.substr(space + 1, nul - space - 1);
  if (digits.empty() || digits.size() > 19 || (digits.size() > 1 && digits[0] == '0'))
    return false;
  size = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    size = size * 10 + static_cast<std::uint64_t>(c - '0');
  }
  length = nul + 1;
  return true;
}

namespace {

Status corrupt(const std::string& path, std::string_view what) {
  return Status::error(path + ": " + std::string(what), scanner::gap::corrupt);
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ok = in.is_open() && !in.bad();
  return bytes;
}

} // namespace

Result<LooseHeader> loose_header(std::string_view packed, const std::string& name) {
  packed = packed.substr(0, 256); // holds any header
  char head[64];
  uLongf got = sizeof head;
  uLong used = static_cast<uLong>(packed.size());
  // Z_BUF_ERROR: the output is full (or the input cut short): the header is all we want.
  const int rc = uncompress2(reinterpret_cast<Bytef*>(head), &got,
                             reinterpret_cast<const Bytef*>(packed.data()), &used);
  if (rc != Z_OK && rc != Z_BUF_ERROR) return corrupt(name, "corrupt loose object");
  LooseHeader h;
  std::size_t length = 0;
  if (!parse_loose_header({head, static_cast<std::size_t>(got)}, h.type, h.size, length))
    return corrupt(name, "not a loose object");
  return h;
}

Result<LooseHeader> read_loose_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char packed[256];
  in.read(packed, sizeof packed);
  if (!in.is_open() || in.bad()) return corrupt(path, "unreadable");
  return loose_header({packed, static_cast<std::size_t>(in.gcount())}, path);
}

// The header says the size only once the first bytes are inflated: 64 bytes hold any
// header; what follows it in them is the start of the content.
Result<LooseHeader>
inflate_loose(std::string_view packed, const std::string& name, std::uint64_t max_size,
              const std::function<char*(PackType, std::size_t)>& place) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Status::error("zlib: out of memory");
  struct End {
    z_stream& z;
    ~End() { inflateEnd(&z); }
  } end{z};
  z.next_in = reinterpret_cast<unsigned char*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(packed.size(), UINT32_MAX));
  char head[64];
  z.next_out = reinterpret_cast<unsigned char*>(head);
  z.avail_out = sizeof head;
  int rc = ::inflate(&z, Z_NO_FLUSH);
  if (rc != Z_OK && rc != Z_STREAM_END) return corrupt(name, "corrupt loose object");
  LooseHeader h;
  std::size_t length = 0;
  const std::size_t got = sizeof head - z.avail_out;
  if (!parse_loose_header({head, got}, h.type, h.size, length))
    return corrupt(name, "not a loose object");
  // The bytes already inflated past the header must fit in the size it claims.
  if (h.size > max_size || h.size < got - length)
    return corrupt(name, "loose object size over the limit, or wrong");
  char* out = place(h.type, static_cast<std::size_t>(h.size));
  if (out == nullptr && h.size > 0) return Status::error(name + ": out of memory");
  std::copy(head + length, head + got, out);
  const std::size_t rest = static_cast<std::size_t>(h.size) - (got - length);
  unsigned char spare = 0;
  z.next_out = reinterpret_cast<unsigned char*>(out + (got - length));
  z.avail_out = static_cast<uInt>(rest);
  if (rest == 0) { // room for one byte: a stream that holds more is caught below
    z.next_out = &spare;
    z.avail_out = 1;
  }
  while (rc == Z_OK) rc = ::inflate(&z, Z_FINISH);
  if (rc != Z_STREAM_END || z.avail_out != (rest == 0 ? 1u : 0u))
    return corrupt(name, "corrupt or truncated loose object, or wrong size");
  return h;
}

Result<LooseHeader>
inflate_loose(const std::string& path, std::uint64_t max_size,
              const std::function<char*(PackType, std::size_t)>& place) {
  bool ok = false;
  const std::string packed = read_file(path, ok);
  if (!ok) return corrupt(path, "unreadable");
  return inflate_loose(packed, path, max_size, place);
}

} // namespace keysift::git
