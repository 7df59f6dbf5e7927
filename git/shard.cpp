#include "git/shard.h"

#include <charconv>

namespace keysift::git {
namespace {

// A decimal number of at most 9 digits (no sign, no spaces, no leading '+').
bool parse_number(std::string_view text, std::uint32_t& out) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

Result<Shard> parse_shard(std::string_view text) {
  const std::string shown(text.substr(0, 40));
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string_view::npos || !parse_number(text.substr(0, slash), s.index) ||
      !parse_number(text.substr(slash + 1), s.count))
    return Status::error("--shard: '" + shown +
                         "' is not I/N (shard I of N, counted from 0, e.g. 0/4)");
  if (s.count == 0 || s.count > max_shards)
    return Status::error("--shard: N must be between 1 and " + std::to_string(max_shards) +
                         ", not " + std::to_string(s.count));
  if (s.index >= s.count)
    return Status::error("--shard: I counts from 0 and must be below N (" +
                         std::to_string(s.count) + "), not " + std::to_string(s.index));
  return s;
}

} // namespace keysift::git
