// A loose object file (objects/ab/cdef…: zlib over "TYPE SIZE\0" and the content), read
// whole with its header checked against its content: the size it claims must be the
// number of bytes the stream holds, and within a limit. Shared by keysift's own object
// reader and the loose-object backend it gives libgit2 (git/loose_backend.h), whose own
// reader trusts the header. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "git/pack_format.h"
#include "rules/status.h"

namespace keysift::git {

// "blob 123\0": the type, the size and the header's length (through the NUL); false
// unless well formed (a known type, decimal digits, no leading zero, at most 19 digits).
bool parse_loose_header(std::string_view head, PackType& type, std::uint64_t& size,
                        std::size_t& length);

struct LooseHeader {
  PackType type{};
  std::uint64_t size = 0;
};

// Only the header of the loose object at `path` (its first inflated bytes).
Result<LooseHeader> read_loose_header(const std::string& path);
// The same from the file's bytes (`packed`, as stored; `name` for messages).
Result<LooseHeader> loose_header(std::string_view packed, const std::string& name);

// Inflates the loose object at `path`. Once the header is read, `place(type, size)`
// returns where its `size` bytes go (a buffer the caller owns, valid for `size` bytes;
// nullptr: out of memory, an error unless `size` is 0).
// An error (with gap kind `corrupt`) when the file is unreadable, not zlib, not a loose
// object, claims more than `max_size` bytes, or holds more or fewer bytes than it claims.
Result<LooseHeader> inflate_loose(const std::string& path, std::uint64_t max_size,
                                  const std::function<char*(PackType, std::size_t)>& place);
// The same from the file's bytes (`packed`, as stored; `name` for messages).
Result<LooseHeader> inflate_loose(std::string_view packed, const std::string& name,
                                  std::uint64_t max_size,
                                  const std::function<char*(PackType, std::size_t)>& place);

} // namespace keysift::git
