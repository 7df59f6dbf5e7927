#include "reporters/redact.h"

#include "reporters/utf8.h"

namespace keysift::reporters {

namespace {

constexpr std::size_t kKeptCharacters = 4;
// A fixed-length mask: it does not reveal the secret's length, and a multi-line secret
// (a PEM body) stays on one line once redacted.
constexpr std::string_view kMask = "****";

} // namespace

std::string redact_secret(std::string_view secret) {
  std::size_t end = 0;
  std::size_t kept = 0;
  while (end < secret.size() && kept < kKeptCharacters) {
    end += utf8_step(secret, end);
    ++kept;
  }
  if (end >= secret.size()) return std::string(kMask);
  std::string out(secret.substr(0, end));
  out += kMask;
  return out;
}

std::string redact_in(std::string_view text, std::string_view secret) {
  if (secret.empty()) return std::string(text);
  const std::string masked = redact_secret(secret);
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (std::size_t at = text.find(secret); at != std::string_view::npos;
       at = text.find(secret, from)) {
    out.append(text.substr(from, at - from));
    out += masked;
    from = at + secret.size();
  }
  out.append(text.substr(from));
  return out;
}

} // namespace keysift::reporters
