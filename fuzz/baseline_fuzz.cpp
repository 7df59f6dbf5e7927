// Fuzz target: the files a repository commits to accept findings — baselines and
// .keysiftignore (policy/baseline.h), .gitleaksignore (policy/gitleaks_ignore.h) — and
// the allow comments and globs found in scanned text (policy/allow_comment.h,
// policy/glob.h). All are written by whoever wrote the repository.
// Invariants: nothing crashes, hangs or throws; memory stays bounded by the limits; a
// parsed baseline written back canonically parses to the same entries (and writing is
// idempotent); an allow comment's reason is at most 200 bytes; a glob that translates
// gives a regex RE2 compiles.
#include <cstdint>
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "fuzz/fuzz_support.h"
#include "policy/allow_comment.h"
#include "policy/baseline.h"
#include "policy/gitleaks_ignore.h"
#include "policy/glob.h"

using namespace keysift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Choices choices(data, size);
  const bool fingerprints_only = choices.byte() & 1;
  const std::string_view text = choices.rest();
  auto baseline = policy::parse_baseline(text, "fuzz.baseline", fingerprints_only);
  if (baseline) {
    const std::string written = policy::format_baseline(baseline->entries);
    auto again = policy::parse_baseline(written, "again");
    fuzz::check(again.is_ok(), "a written baseline parses");
    fuzz::check(policy::format_baseline(again->entries) == written,
                "writing is idempotent");
    for (const auto& e : again->entries) {
      const bool found = std::any_of(baseline->entries.begin(), baseline->entries.end(),
                                     [&](const auto& o) { return o.same(e); });
      fuzz::check(found, "a written entry was read");
    }
  } else {
    fuzz::check(baseline.error().starts_with("fuzz.baseline"), "an error names its file");
  }
  auto ignore = policy::parse_gitleaks_ignore(text, "fuzz.gitleaksignore");
  for (const auto& e : ignore.entries)
    fuzz::check(e.line > 0 && !e.file.empty() && !e.rule.empty(), "an entry is complete");
  if (auto c = policy::find_allow_comment(text))
    fuzz::check(c->reason.size() <= 200, "a reason is bounded");
  const std::string_view first_line = text.substr(0, text.find('\n'));
  if (auto re = policy::glob_to_regex(first_line); re) {
    RE2::Options opt;
    opt.set_log_errors(false);
    fuzz::check(RE2(*re, opt).ok(), "a translated glob compiles");
  }
  return 0;
}
