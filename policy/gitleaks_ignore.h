// .gitleaksignore: gitleaks' positional fingerprints, one per line ('#' comments):
//   FILE:RULE:LINE           a finding of RULE starting on LINE of FILE, in any commit
//   COMMIT:FILE:RULE:LINE    the same, only in that commit
// RULE is a gitleaks rule id; the caller maps it to keysift's (policy/gitleaks_rules.h).
// Such entries do not survive a moved line (that is gitleaks' design); `keysift migrate
// gitleaks` turns them into content-keyed baseline entries. A malformed line is a
// warning, as in gitleaks, never a silent skip. Untrusted input: sizes are bounded.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keysift::policy {

struct GitleaksIgnoreEntry {
  std::string commit; // empty: any commit
  std::string file;   // '/'-separated (gitleaks writes '\' on Windows)
  std::string rule;   // gitleaks rule id
  std::uint64_t line = 0;
  std::size_t at = 0; // line of the .gitleaksignore, for messages
};

struct GitleaksIgnore {
  std::string origin;
  std::vector<GitleaksIgnoreEntry> entries;
  std::vector<std::string> warnings; // "origin:line: why"
};

// At most `max_bytes` are read; beyond that is one warning.
GitleaksIgnore parse_gitleaks_ignore(std::string_view text, std::string_view origin,
                                     std::size_t max_bytes = 32u << 20);

} // namespace keysift::policy

namespace keysift::policy {

// One warning per entry whose gitleaks rule keysift has no equivalent for (such an
// entry can match nothing).
std::vector<std::string> unmappable_entries(const GitleaksIgnore& ignore);

} // namespace keysift::policy
