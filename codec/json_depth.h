// A bound on JSON nesting, checked before a recursive parser sees untrusted text. The
// JSON library keysift uses (nlohmann) parses, copies, compares and serialises
// recursively, once per level: 100,000 nested brackets in an image config overflowed
// the stack. Every JSON that comes from a scanned input (image manifests, indexes and
// configs; baselines and reports read back) goes through json_depth_within first.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace keysift::codec {

// The deepest nesting any JSON keysift reads legitimately needs is under 10; this leaves
// room for nested labels and annotations.
inline constexpr std::size_t max_json_depth = 64;

// Whether no array or object in `text` is nested deeper than `max_depth` (brackets
// inside strings, escapes included, do not count). Linear time, no allocation; says
// nothing else about the text's validity.
bool json_depth_within(std::string_view text, std::size_t max_depth = max_json_depth);

} // namespace keysift::codec
