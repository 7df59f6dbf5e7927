// Masking secrets for display. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace keysift::reporters {

// The first 4 characters of `secret` followed by a mask; a secret of 4 characters or
// fewer is masked whole. Never cuts a UTF-8 sequence in two (a byte that starts no valid
// sequence counts as one character). The mask is always "****", whatever the length, so
// the length does not leak and a multi-line secret stays on one line:
// "ghp_0123456789" -> "ghp_****", "abc" -> "****".
std::string redact_secret(std::string_view secret);

// `text` with every occurrence of `secret` replaced by redact_secret(secret), scanning left
// to right without overlaps. An empty `secret` leaves `text` unchanged.
std::string redact_in(std::string_view text, std::string_view secret);

} // namespace keysift::reporters
