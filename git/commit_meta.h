// What a git commit tells about a finding: commit, author, email, date, message.
// Pure functions; thread-safe as long as the commit is not shared between threads.
#pragma once

#include <cstdint>
#include <string>

#include <git2.h>

#include "scanner/provenance.h"

namespace keysift::git {

// id (40 hex), author, email, date (ISO 8601 in the author's time zone), message (its
// first line).
scanner::CommitInfo commit_info(const git_commit* commit);

// "2024-05-06T07:08:09+02:00" for seconds since the epoch and an offset in minutes.
std::string iso8601(std::int64_t seconds, int offset_minutes);

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" (UTC) or either with a "+HH:MM"/"Z"
// suffix into seconds since the epoch. False when the text is not a date.
bool parse_date(const std::string& text, std::int64_t& seconds);

} // namespace keysift::git
