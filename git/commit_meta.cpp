#include "git/commit_meta.h"

#include <cstdio>
#include <ctime>

#include "git/handles.h"

namespace keysift::git {

std::string iso8601(std::int64_t seconds, int offset_minutes) {
  const std::time_t local =
      static_cast<std::time_t>(seconds + std::int64_t{offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[96];
  if (std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec, offset_minutes < 0 ? '-' : '+', off / 60, off % 60) < 0)
    return {};
  return buf;
}

scanner::CommitInfo commit_info(const git_commit* commit) {
  scanner::CommitInfo out;
  out.id = oid_hex(*git_commit_id(commit));
  const git_signature* who = git_commit_author(commit);
  out.author = who != nullptr && who->name != nullptr ? who->name : "";
  out.email = who != nullptr && who->email != nullptr ? who->email : "";
  out.date = who != nullptr ? iso8601(who->when.time, who->when.offset) : "";
  const char* msg = git_commit_message(commit);
  std::string first = msg != nullptr ? msg : "";
  if (auto nl = first.find('\n'); nl != std::string::npos) first.resize(nl);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  out.message = std::move(first);
  return out;
}

namespace {

// Reads `width` decimal digits at text[pos] into `out`. Digits only: sscanf's %2d also
// took a sign or a space ("2023-+1- 1"), and reported no error.
bool digits(const std::string& text, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

bool is_at(const std::string& text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

} // namespace

bool parse_date(const std::string& text, std::int64_t& seconds) {
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(text, 0, 4, y) || !is_at(text, 4, '-') || !digits(text, 5, 2, mo) ||
      !is_at(text, 7, '-') || !digits(text, 8, 2, d))
    return false;
  std::size_t pos = 10;
  if (is_at(text, pos, 'T') || is_at(text, pos, ' ')) {
    if (!digits(text, pos + 1, 2, h) || !is_at(text, pos + 3, ':') ||
        !digits(text, pos + 4, 2, mi) || !is_at(text, pos + 6, ':') ||
        !digits(text, pos + 7, 2, s) || h > 23 || mi > 59 || s > 60)
      return false;
    pos += 9;
  }
  int offset = 0;
  if (is_at(text, pos, 'Z')) {
    ++pos;
  } else if (is_at(text, pos, '+') || is_at(text, pos, '-')) {
    int oh = 0, om = 0;
    if (!digits(text, pos + 1, 2, oh) || !is_at(text, pos + 3, ':') ||
        !digits(text, pos + 4, 2, om) || oh > 23 || om > 59)
      return false;
    offset = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  }
  if (pos != text.size() || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  seconds = static_cast<std::int64_t>(timegm(&tm)) - std::int64_t{offset} * 60;
  return true;
}

} // namespace keysift::git
