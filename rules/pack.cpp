#include "rules/pack.h"

#include <bit>
#include <cstdint>

namespace keysift::rules {
namespace {

constexpr std::string_view magic = "keysift-rules-3\n";

class Writer {
public:
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i, v >>= 8) out_ += static_cast<char>(v & 0xff);
  }
  void str(std::string_view s) {
    u64(s.size());
    out_ += s;
  }
  void strs(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  void allowlist(const Allowlist& a) {
    u64(static_cast<std::uint64_t>(a.target));
    strs(a.regexes);
    strs(a.stopwords);
    strs(a.paths);
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_{magic};
};

// Every read checks the bounds; the first failure sticks and makes every later read a
// no-op, so one check at the end suffices.
class Reader {
public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return in_.empty(); }

  std::uint64_t u64() {
    if (!need(8)) return 0;
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
      v = (v << 8) | static_cast<unsigned char>(in_[static_cast<std::size_t>(i)]);
    in_.remove_prefix(8);
    return v;
  }
  std::string str() {
    const std::uint64_t n = u64();
    if (!need(n)) return {};
    std::string s(in_.substr(0, static_cast<std::size_t>(n)));
    in_.remove_prefix(static_cast<std::size_t>(n));
    return s;
  }
  std::vector<std::string> strs() {
    const std::uint64_t n = count();
    std::vector<std::string> v;
    v.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n && ok_; ++i) v.push_back(str());
    return v;
  }
  // A count of items, each at least 8 bytes: bounds a reservation by the input's size.
  std::uint64_t count() {
    const std::uint64_t n = u64();
    if (n > in_.size() / 8) ok_ = false;
    return ok_ ? n : 0;
  }
  Allowlist allowlist() {
    Allowlist a;
    const std::uint64_t target = u64();
    if (target > static_cast<std::uint64_t>(AllowTarget::line)) ok_ = false;
    a.target = static_cast<AllowTarget>(target);
    a.regexes = strs();
    a.stopwords = strs();
    a.paths = strs();
    return a;
  }

private:
  bool need(std::uint64_t n) {
    if (ok_ && n > in_.size()) ok_ = false;
    return ok_;
  }
  std::string_view in_;
  bool ok_ = true;
};

} // namespace

std::string pack_rules(const RuleSet& set) {
  Writer w;
  w.allowlist(set.global);
  w.strs(set.exempt_contexts);
  w.u64(set.rules.size());
  for (const Rule& r : set.rules) {
    w.str(r.id);
    w.str(r.description);
    w.str(r.regex);
    w.str(r.secret_group);
    w.strs(r.keywords);
    w.u64(std::bit_cast<std::uint64_t>(r.min_entropy));
    w.str(r.validate);
    w.str(r.value);
    w.str(r.prefilter);
    w.strs(r.paths);
    w.u64(r.allowlists.size());
    for (const auto& a : r.allowlists) w.allowlist(a);
    w.strs(r.tags);
    w.str(r.severity);
    w.str(r.help);
    w.strs(r.examples);
    w.strs(r.negative_examples);
    w.str(r.example_path);
    w.str(r.origin);
  }
  return w.take();
}

Result<RuleSet> unpack_rules(std::string_view bytes) {
  if (bytes.substr(0, magic.size()) != magic)
    return Status::error("not a packed rule set (or one from another keysift version)");
  Reader in(bytes.substr(magic.size()));
  RuleSet set;
  set.global = in.allowlist();
  set.exempt_contexts = in.strs();
  const std::uint64_t n = in.count();
  for (std::uint64_t i = 0; i < n && in.ok(); ++i) {
    Rule r;
    r.id = in.str();
    r.description = in.str();
    r.regex = in.str();
    r.secret_group = in.str();
    r.keywords = in.strs();
    r.min_entropy = std::bit_cast<double>(in.u64());
    r.validate = in.str();
    r.value = in.str();
    r.prefilter = in.str();
    r.paths = in.strs();
    const std::uint64_t lists = in.count();
    for (std::uint64_t j = 0; j < lists && in.ok(); ++j)
      r.allowlists.push_back(in.allowlist());
    r.tags = in.strs();
    r.severity = in.str();
    r.help = in.str();
    r.examples = in.strs();
    r.negative_examples = in.strs();
    r.example_path = in.str();
    r.origin = in.str();
    set.rules.push_back(std::move(r));
  }
  if (!in.ok() || !in.at_end()) return Status::error("packed rule set is damaged");
  return set;
}

std::string pack_id(std::string_view packed) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : packed) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (std::size_t i = 16; i-- > 0; h >>= 4) out[i] = digits[h & 0xf];
  return out;
}

} // namespace keysift::rules
