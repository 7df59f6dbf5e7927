// The RE2 side of CompiledRules (scanner/compiled_rules.h): compiling a LazyRegex on
// first use, with RE2's complaints put in words of our own (never quoting the pattern),
// and finding a rule's secret group in its regex. Thread-safe as that header says.
#include "scanner/compiled_rules.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>

namespace keysift::scanner {
namespace {

// Bytes (Latin-1) rather than UTF-8, as Hyperscan reads them; quiet; bounded memory.
RE2::Options re2_options() {
  RE2::Options opt;
  opt.set_encoding(RE2::Options::EncodingLatin1);
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  return opt;
}

// What RE2 found wrong, in words of our own: its error() quotes the offending part.
const char* re2_problem(RE2::ErrorCode code) {
  switch (code) {
  case RE2::ErrorBadEscape:
    return "an invalid escape sequence";
  case RE2::ErrorBadCharClass:
    return "an invalid character class";
  case RE2::ErrorBadCharRange:
    return "an invalid character class range";
  case RE2::ErrorMissingBracket:
    return "a missing ]";
  case RE2::ErrorMissingParen:
    return "a missing )";
  case RE2::ErrorUnexpectedParen:
    return "an unexpected )";
  case RE2::ErrorTrailingBackslash:
    return "a trailing \\";
  case RE2::ErrorRepeatArgument:
    return "a repetition with nothing to repeat";
  case RE2::ErrorRepeatSize:
    return "a bad repetition count";
  case RE2::ErrorRepeatOp:
    return "a bad repetition operator";
  case RE2::ErrorBadPerlOp:
    return "unsupported syntax (lookaround or a backreference?)";
  case RE2::ErrorBadUTF8:
    return "invalid UTF-8";
  case RE2::ErrorBadNamedCapture:
    return "a bad named group";
  case RE2::ErrorPatternTooLarge:
    return "a pattern too large to compile";
  default:
    return "a syntax error";
  }
}

// The pattern is never quoted in the error: an allowlist regex may hold a literal
// secret, and errors reach terminals and CI logs. The file, line and rule named by the
// caller, and the position given here, are enough to find it.
Result<std::unique_ptr<RE2>> compile_re2(const std::string& pattern, bool multiline) {
  auto re = std::make_unique<RE2>(multiline ? "(?m)" + pattern : pattern, re2_options());
  if (re->ok()) return re;
  std::string why = std::string("invalid regex: ") + re2_problem(re->error_code());
  const std::string& part = re->error_arg();
  if (const auto at = part.empty() ? std::string::npos : pattern.find(part);
      at != std::string::npos)
    why += " at character " + std::to_string(at + 1);
  return Status::error(why + " (the pattern is not shown: it may hold a secret)");
}

Result<int> resolve_secret_group(const std::string& spec, const RE2& re) {
  const int groups = re.NumberOfCapturingGroups();
  const auto& named = re.NamedCapturingGroups();
  if (spec.empty()) {
    if (auto it = named.find("secret"); it != named.end()) return it->second;
    return groups > 0 ? 1 : 0;
  }
  if (std::all_of(spec.begin(), spec.end(),
                  [](unsigned char c) { return c >= '0' && c <= '9'; })) {
    // from_chars, not atoi: a number too large for an int is an error, not undefined.
    int n = 0;
    const auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), n);
    if (ec != std::errc() || end != spec.data() + spec.size() || n > groups)
      return Status::error("secret_group " + spec + " but the regex has " +
                           std::to_string(groups) + " groups");
    return n;
  }
  if (auto it = named.find(spec); it != named.end()) return it->second;
  return Status::error("secret_group '" + spec + "' is not a group of the regex");
}

} // namespace

Status LazyRegex::compile() const {
  std::call_once(once_, [this] {
    auto re = compile_re2(pattern_, multiline_);
    if (!re) {
      status_ = re.status();
      return;
    }
    status_ = check(**re);
    if (status_) re_ = std::move(re).value();
  });
  return status_;
}

bool LazyRegex::partial_match(std::string_view text) const {
  return compile() && RE2::PartialMatch(text, *re_);
}

bool any_partial(const LazyRegexes& res, std::string_view text) {
  return std::any_of(res.begin(), res.end(),
                     [&](const auto& re) { return re->partial_match(text); });
}

Status RuleRegex::check(const RE2& re) const {
  if (RE2::FullMatch("", re)) return Status::error("the regex matches an empty string");
  auto group = resolve_secret_group(group_spec_, re);
  if (!group) return group.status();
  group_ = *group;
  return Status::ok();
}

} // namespace keysift::scanner
