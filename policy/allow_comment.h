// Allow comments: a marker in the scanned text that waves a finding through, visibly,
// in the place a reviewer reads.
//   keysift:allow                      every rule
//   keysift:allow github-pat           only that rule (several: comma-separated)
//   keysift:allow github-pat -- why    with a reason, reported with the allowed finding
//   gitleaks:allow                     every rule (honoured for teams moving from gitleaks)
// The marker must stand alone: "keysift:allowed" or "xkeysift:allow" are not markers.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keysift::policy {

struct AllowComment {
  std::vector<std::string> rule_ids; // empty: every rule
  std::string reason;                // after "--", trimmed; may be empty
  bool gitleaks = false;             // the gitleaks:allow form

  bool allows(std::string_view rule_id) const;
  // How the marker reads, for reports: "keysift:allow github-pat".
  std::string marker() const;
};

// The first allow comment in `text` (one line, or a few), if any.
std::optional<AllowComment> find_allow_comment(std::string_view text);

} // namespace keysift::policy
