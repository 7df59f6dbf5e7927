#include "git/loose_object.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <zlib.h>

using namespace keysift;
using namespace keysift::git;

namespace {

// A loose object file holding exactly `raw` (header included, whatever it claims).
std::string write_loose(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<unsigned char> z(size);
  REQUIRE(compress(z.data(), &size, reinterpret_cast<const Bytef*>(raw.data()),
                   static_cast<uLong>(raw.size())) == Z_OK);
  const auto path = std::filesystem::temp_directory_path() /
                    ("keysift-loose-" + std::to_string(std::hash<std::string>{}(raw)));
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(z.data()), static_cast<std::streamsize>(size));
  return path.string();
}

struct Read {
  Result<LooseHeader> head;
  std::string bytes;
};

Read inflate(const std::string& raw, std::uint64_t max_size = 1 << 20) {
  const std::string path = write_loose(raw);
  std::string bytes;
  auto head = inflate_loose(path, max_size, [&](PackType, std::size_t size) {
    bytes.assign(size, '?');
    return size == 0 ? nullptr : bytes.data();
  });
  (void)std::remove(path.c_str());
  return {std::move(head), std::move(bytes)};
}

} // namespace

TEST_CASE("a loose object is read whole, its header checked against its content") {
  auto blob = inflate(std::string("blob 5\0hello", 12));
  REQUIRE(blob.head.is_ok());
  CHECK(blob.head->type == PackType::blob);
  CHECK(blob.bytes == "hello");
  // The empty tree: no bytes, no buffer (a null one is fine for 0 bytes).
  auto empty = inflate(std::string("tree 0\0", 7));
  REQUIRE_MESSAGE(empty.head.is_ok(), empty.head.error());
  CHECK(empty.head->size == 0);
  const std::string body(100, 'x');
  // Each lie is an error (gap `corrupt`), never a write past the buffer it claimed.
  for (const std::string header : {"blob 7", "blob 99", "blob 101", "blob 12x", "blob -5",
                                   "blob 0100", "blob 99999999999999999999", "blub 100"}) {
    CAPTURE(header);
    auto r = inflate(header + std::string(1, '\0') + body);
    REQUIRE_FALSE(r.head.is_ok());
    CHECK(r.head.status().kind() == "corrupt");
  }
  CHECK_FALSE(inflate("blob 100" + std::string(1, '\0') + body, 99).head.is_ok());
  CHECK(inflate("blob 100" + std::string(1, '\0') + body).bytes == body);
}

TEST_CASE("only the header of a loose object") {
  const std::string path = write_loose("commit 12345" + std::string(1, '\0') + "tree …");
  auto head = read_loose_header(path);
  (void)std::remove(path.c_str());
  REQUIRE(head.is_ok());
  CHECK(head->type == PackType::commit);
  CHECK(head->size == 12345);
}
