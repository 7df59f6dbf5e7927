// Fuzz target: `keysift redact`, the filter between a build's output and its log
// (redact/redactor.h), and the masking every report applies (reporters/redact.h).
// Invariants: the output does not depend on how the input is cut into writes; when
// nothing is masked the output is the input, byte for byte; the report masking never
// leaves the secret it masks in the text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "redact/redactor.h"
#include "reporters/redact.h"

using namespace keysift;

namespace {

const std::shared_ptr<const redact::RedactPlan>& plan() {
  static const auto p = [] {
    auto built = redact::RedactPlan::build(fuzz::fuzz_rules());
    fuzz::check(built.is_ok(), "the redact plan builds");
    return built.value();
  }();
  return p;
}

struct Redacted {
  std::string out;
  std::uint64_t secrets = 0;
};

Redacted redact_in_pieces(std::string_view text, const std::vector<std::size_t>& steps) {
  redact::Redactor r(plan(), {});
  fuzz::check(r.open().is_ok(), "a redactor opens");
  Redacted got;
  std::size_t at = 0;
  for (std::size_t i = 0; at < text.size(); ++i) {
    const std::size_t n = std::min(steps[i % steps.size()], text.size() - at);
    fuzz::check(r.feed(text.substr(at, n), got.out).is_ok(), "a piece is redacted");
    at += n;
  }
  fuzz::check(r.finish(got.out).is_ok(), "a redactor finishes");
  got.secrets = r.secrets();
  return got;
}

void check_report_masking(std::string_view text, std::string_view secret) {
  const std::string masked = reporters::redact_secret(secret);
  fuzz::check(masked.size() <= 4 * 4 + 4, "a masked secret is short");
  // A secret holding the mask's own '*' can reappear across a replacement's edge.
  if (secret.size() <= 4 || secret.find('*') != std::string_view::npos) return;
  fuzz::check(reporters::redact_in(text, secret).find(secret) == std::string::npos,
              "redact_in leaves no occurrence of the secret");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choose(data, size);
  std::vector<std::size_t> steps;
  for (unsigned n = 1 + choose.byte() % 4; n > 0; --n) steps.push_back(1 + choose.byte());
  const std::size_t secret_len = choose.byte() % 32;
  const std::string_view text = choose.rest();
  const Redacted whole = redact_in_pieces(text, {text.size() + 1});
  const Redacted cut = redact_in_pieces(text, steps);
  fuzz::check(whole.out == cut.out, "redact's output does not depend on the writes");
  fuzz::check(whole.secrets == cut.secrets, "the same secrets are masked however cut");
  if (whole.secrets == 0) fuzz::check(whole.out == text, "nothing masked: bytes unchanged");
  check_report_masking(text, text.substr(0, std::min(secret_len, text.size())));
  return 0;
}
