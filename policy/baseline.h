// Baselines: findings a team has accepted, one per line, keyed by content fingerprint
// (scanner/finding.h), so an entry survives moved lines, reformats, renames and rebases.
//
//   # comment
//   github-pat@0123456789abcdef0123456789abcdef path=tests/** expires=2026-06-30
//   approved_by=alice reason="rotated; fixture"
//
// An entry is a fingerprint and optional fields, each `key=value` (a value holding
// spaces, quotes, '#' or '=' is written in double quotes, with \" and \\ escapes):
//   path         a glob (policy/glob.h): the entry only covers findings at such paths
//   expires      YYYY-MM-DD: from the day after it, the entry no longer suppresses
//   approved_by  who accepted it
//   reason       why
// The file carries no timestamps, counts or line numbers, and format_baseline() writes it
// canonically sorted, so two branches that add different entries change different lines.
// Git still reports a conflict when both insert at the same place, so keysift marks the
// file `merge=union` in .gitattributes (see cli), which takes both sides' lines.
//
// A baseline is untrusted input: parse_baseline() bounds the file and line sizes and
// rejects anything malformed with file:line:column. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"

namespace keysift::policy {

struct BaselineEntry {
  std::string fingerprint; // RULE-ID@32 hex digits
  std::string path;        // glob; empty: any path
  std::string expires;     // YYYY-MM-DD; empty: never
  std::string approved_by;
  std::string reason;
  std::size_t line = 0; // where it was read (0: new), for messages

  // The fields that make two entries the same entry (not `line`).
  bool same(const BaselineEntry& other) const;
};

struct Baseline {
  std::string origin; // the file, for messages
  std::vector<BaselineEntry> entries;
};

struct BaselineLimits {
  std::size_t max_bytes = 32u << 20; // a 10,000-entry baseline is about 1 MB
  std::size_t max_line = 8192;
};

// Parses a baseline (or .keysiftignore, which is the same format with fingerprints
// only: any field is an error there when `fingerprints_only`). Errors read
// "origin:line:column: message".
Result<Baseline> parse_baseline(std::string_view text, std::string_view origin,
                                bool fingerprints_only = false, BaselineLimits limits = {});

// Whether `s` is a well-formed fingerprint (RULE-ID@32 lower-case hex digits).
bool valid_fingerprint(std::string_view s);

// Whether `date` (YYYY-MM-DD, a real calendar day) is well formed.
bool valid_date(std::string_view date);

// One entry as a line, without the line feed: fields in a fixed order.
std::string format_entry(const BaselineEntry& entry);

// The whole file: a fixed header, then every entry once (duplicates dropped), sorted.
std::string format_baseline(const std::vector<BaselineEntry>& entries);

} // namespace keysift::policy
