#include "scanner/finding.h"

#include <tuple>

#include "codec/sha256.h"

namespace keysift::scanner {

std::string_view Finding::path() const {
  return origin ? path_of(origin->where) : std::string_view();
}

std::string content_fingerprint(std::string_view rule_id, std::string_view secret) {
  codec::Sha256 digest;
  digest.update(std::string_view("keysift-fp-v1\0", 14));
  digest.update(rule_id);
  digest.update(std::string_view("\0", 1));
  digest.update(secret);
  std::string out(rule_id);
  out += '@';
  out += digest.hex().substr(0, 32);
  return out;
}

// Rules are held in id order, so comparing indexes compares ids.
bool finding_less(const Finding& a, const Finding& b) {
  return std::make_tuple(a.path(), a.line, a.column, a.rule, std::string_view(a.secret)) <
         std::make_tuple(b.path(), b.line, b.column, b.rule, std::string_view(b.secret));
}

std::map<std::string, std::uint64_t> gaps_by_kind(const ScanReport& report) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& e : report.errors) ++out[e.kind];
  return out;
}

} // namespace keysift::scanner
