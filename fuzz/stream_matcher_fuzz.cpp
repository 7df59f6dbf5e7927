// Fuzz target: the stream matcher across slice boundaries (scanner/scan.h). Logs, stdin
// and large files are scanned in slices with a look-back window; the same bytes scanned
// as one block must give the same findings, wherever the slices are cut. The input's
// first bytes choose the cuts; the rest is the text, scanned with rules that exercise
// every confirmer stage (fuzz_support.h). Decoding is off: stream scans do not decode.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "scanner/scan.h"

using namespace keysift;

namespace {

std::string describe(const scanner::CompiledRules& rules,
                     const std::vector<scanner::Finding>& fs) {
  std::string s;
  for (const auto& f : fs)
    s += rules.rules()[f.rule].rule.id + "@" + std::to_string(f.offset) + " " +
         std::to_string(f.line) + ":" + std::to_string(f.column) + "-" +
         std::to_string(f.end_line) + ":" + std::to_string(f.end_column) + "=" + f.secret +
         " [" + f.line_text + "]\n";
  return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto rules = fuzz::fuzz_rules();
  static scanner::Matcher matcher(rules);
  static const scanner::Confirmer confirmer(rules, /*decode_depth=*/0);
  static fuzz::GuardedBytes block_copy, slice_copy; // any read past an end crashes
  fuzz::Choices choose(data, size);
  // Slice sizes cycle through up to four choices (1..256 bytes each).
  std::vector<std::size_t> steps;
  for (unsigned n = 1 + choose.byte() % 4; n > 0; --n) steps.push_back(1 + choose.byte());
  const std::string_view text = choose.rest();
  const scanner::OriginRef where = scanner::make_origin(scanner::FileOrigin{"fuzz.txt"});

  std::vector<scanner::Finding> whole;
  fuzz::check(
      scanner::scan_block(matcher, confirmer, block_copy.put(text), where, whole).is_ok(),
      "a block scan succeeds");
  scanner::StreamScan stream(matcher, confirmer, where);
  fuzz::check(stream.open().is_ok(), "a stream opens");
  std::size_t at = 0;
  for (std::size_t i = 0; at < text.size(); ++i) {
    const std::size_t n = std::min(steps[i % steps.size()], text.size() - at);
    fuzz::check(stream.feed(slice_copy.put(text.substr(at, n))).is_ok(),
                "a slice is scanned");
    at += n;
  }
  std::vector<scanner::Finding> sliced;
  fuzz::check(stream.finish(sliced).is_ok(), "a stream finishes");
  fuzz::check(stream.bytes() == text.size(), "a stream counts every byte");
  const std::string a = describe(*rules, whole), b = describe(*rules, sliced);
  if (a != b) {
    (void)std::fprintf(stderr, "block:\n%s\nstream:\n%s\n", a.c_str(), b.c_str());
    fuzz::check(false, "a stream finds what a block scan finds");
  }
  return 0;
}
