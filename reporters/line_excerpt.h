// The part of a finding's line that the text report shows (internal to reporters/): at
// most about `max_cells` characters around the secret, terminal-safe, with the secret
// redacted unless show_secrets. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "scanner/finding.h"

namespace keysift::reporters {

struct LineExcerpt {
  std::string before; // text before the secret; starts with "..." when cut
  std::string secret; // the secret as shown; empty when it was not found in the line
  std::string after;  // text after the secret; ends with "..." when cut
  std::size_t before_cells = 0; // display cells in `before` (where a caret line starts)
  std::size_t secret_cells = 0; // display cells in `secret` (how many carets)
};

inline constexpr std::size_t kExcerptCells = 160;

// Locates the secret at line_text_column (or, failing that, its first occurrence in the
// line); a secret found decoded is marked where its encoded text sits, and shown as that
// text redacted. A secret that runs past the end of the line (a multi-line key) is
// marked up to the end of the line. Every other occurrence of the secret in the line is
// redacted too, and so is every string of `also` (the other secrets of the same input).
LineExcerpt make_line_excerpt(const scanner::Finding& finding, bool show_secrets,
                              std::size_t max_cells = kExcerptCells,
                              const std::vector<std::string>& also = {});

} // namespace keysift::reporters
