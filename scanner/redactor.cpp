#include "scanner/redactor.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>

namespace keysift::scanner {

namespace {

const Provenance stdin_where{"-", {}};
constexpr std::size_t max_head_width = 2048;

struct FreeInfo {
  void operator()(hs_expr_info_t* info) const { std::free(info); } // hs_misc_alloc: malloc
};

// Hyperscan's bound on the width of `regex`'s matches; 0 when unbounded or invalid.
std::size_t max_width(const std::string& regex) {
  hs_expr_info_t* raw = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(regex.c_str(), HS_FLAG_MULTILINE, &raw, &err) != HS_SUCCESS) {
    HsCompileError owned(err);
    return 0;
  }
  std::unique_ptr<hs_expr_info_t, FreeInfo> info(raw);
  return info->max_width == UINT_MAX ? 0 : info->max_width;
}

// The longest concatenation of head atoms whose matches are at most max_head_width
// long, compiled; null when there is none.
std::pair<std::shared_ptr<const RE2>, std::size_t> compile_head(const RuleReach& reach) {
  const auto& atoms = reach.head_atoms;
  const auto join = [&](std::size_t n) {
    std::string head;
    for (std::size_t i = 0; i < n; ++i) head += atoms[i];
    return head;
  };
  const auto fits = [&](std::size_t n) {
    const std::size_t width = max_width(join(n));
    return width > 0 && width <= max_head_width;
  };
  // Widths grow with the number of atoms: binary search for the longest that fits
  // (hs_expression_info compiles, so it is not called once per atom).
  std::size_t lo = 0, hi = atoms.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (fits(mid))
      lo = mid;
    else
      hi = mid - 1;
  }
  const std::string best = join(lo);
  const std::size_t best_width = lo > 0 ? max_width(best) : 0;
  if (best.empty()) return {nullptr, 0};
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(best, options);
  if (!re->ok()) return {nullptr, 0};
  return {re, best_width};
}

bool same_text(std::string_view a, std::string_view b, bool caseless) {
  if (!caseless) return a == b;
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace

Redactor::Redactor(std::shared_ptr<const CompiledRules> rules, RedactOptions options)
    : rules_(rules), matcher_(rules), confirmer_(rules), options_(std::move(options)) {
  for (const CompiledRule& cr : rules_->rules()) {
    const int group = cr.regex->compile() ? cr.regex->secret_group() : 0;
    reach_.push_back(analyze_rule(cr.rule.regex, group));
    if (reach_.back().line_local)
      line_window_ = std::max(line_window_, cr.window);
    else {
      auto [head, width] = compile_head(reach_.back());
      const RuleReach& rr = reach_.back();
      if (rr.anchor != rr.literal_prefix) head = nullptr; // the head starts the match
      holds_.push_back({cr.window, rr.anchor, rr.anchor_caseless, 0, head, width, {}});
    }
  }
  std::vector<LiteralFinder::Literal> literals;
  for (Hold& h : holds_) {
    if (h.prefix.empty()) continue;
    const LiteralFinder::Literal lit{h.prefix, h.caseless};
    auto it = std::find(literals.begin(), literals.end(), lit);
    h.literal = static_cast<std::uint32_t>(it - literals.begin());
    if (it == literals.end()) literals.push_back(lit);
  }
  if (literals.empty()) return;
  auto finder = LiteralFinder::compile(std::move(literals));
  if (finder)
    finder_ = std::move(finder).value();
  else
    init_ = finder.status();
}

Status Redactor::open() {
  if (!init_) return init_;
  if (finder_)
    if (auto st = finder_->open(); !st) return st;
  return matcher_.stream_open();
}

std::string_view Redactor::bytes(std::uint64_t from, std::uint64_t to) const {
  return std::string_view(buf_).substr(static_cast<std::size_t>(from - base_),
                                       static_cast<std::size_t>(to - from));
}

Status Redactor::feed(std::string_view in, std::string& out) {
  if (in.empty()) return Status::ok();
  RedactBatch batch{std::string(in), {}, {}};
  if (auto st = scan(batch); !st) return st;
  return settle(batch, out);
}

Status Redactor::finish(std::string& out) {
  RedactBatch end;
  if (auto st = scan(end); !st) return st;
  return settle(end, out);
}

Status Redactor::scan(RedactBatch& batch) {
  if (batch.bytes.empty()) return matcher_.stream_close(batch.candidates);
  if (finder_)
    if (auto st = finder_->feed(batch.bytes, batch.hits); !st) return st;
  return matcher_.stream_feed(batch.bytes, batch.candidates);
}

Status Redactor::settle(RedactBatch& batch, std::string& out) {
  pending_.insert(pending_.end(), batch.candidates.begin(), batch.candidates.end());
  if (batch.bytes.empty()) {
    confirm(true);
    release(end_, out);
    return Status::ok();
  }
  const std::string_view in(batch.bytes);
  const std::uint64_t from = end_;
  buf_.append(in);
  end_ += in.size();
  if (const std::size_t nl = in.rfind('\n'); nl != std::string_view::npos)
    line_start_ = from + nl + 1;
  track_prefixes(batch.hits);
  confirm(false);
  release(safe_end(), out);
  trim();
  return Status::ok();
}

// Records where literal starts of multi-line rules occur, within each rule's window.
void Redactor::track_prefixes(const std::vector<LiteralFinder::Hit>& hits) {
  for (Hold& h : holds_) {
    if (h.prefix.empty()) continue;
    for (const auto& hit : hits)
      if (hit.literal == h.literal) h.starts.push_back({hit.start, h.head == nullptr});
    while (!h.starts.empty() && h.starts.front().at + h.window < end_) h.starts.pop_front();
    if (!h.starts.empty()) verify_starts(h);
  }
}

// Drops occurrences where the head regex, given enough bytes to decide, does not match.
void Redactor::verify_starts(Hold& h) {
  std::erase_if(h.starts, [&](Start& s) {
    if (s.verified) return false;
    s.verified = h.head->Match(buf_, static_cast<std::size_t>(s.at - base_), buf_.size(),
                               RE2::ANCHOR_START, nullptr, 0);
    // No match yet: final only once the head's widest match would fit.
    return !s.verified && end_ - s.at >= h.head_width;
  });
}

// Settles candidates. A candidate of a line-local rule whose line has ended is settled
// on a view that stops after that line's '\n' (its secret cannot reach further), so a
// line holding a secret is released when it ends, not a window later.
void Redactor::confirm(bool complete) {
  if (pending_.empty()) return;
  std::sort(pending_.begin(), pending_.end(), [](const Candidate& a, const Candidate& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.end < b.end;
  });
  const std::string_view all(buf_);
  std::vector<Candidate> rest, one;
  std::vector<Finding> found;
  std::uint32_t deferred_rule = UINT32_MAX; // keep each rule's candidates in order
  for (const Candidate& c : pending_) {
    const std::size_t from =
        static_cast<std::size_t>(std::max(c.end, base_ + 1) - 1 - base_);
    const std::size_t nl = all.find('\n', from);
    if (!complete && reach_[c.rule].line_local && c.rule != deferred_rule &&
        nl != std::string_view::npos) {
      const std::size_t cut = std::max<std::size_t>(nl + 1, c.end - base_);
      const TextView view{all.substr(0, cut), base_, base_line_, base_line_start_, true};
      one.assign(1, c);
      confirmer_.confirm(view, stdin_where, one, state_, found);
      continue;
    }
    deferred_rule = c.rule;
    rest.push_back(c);
  }
  if (!rest.empty()) {
    const TextView view{all, base_, base_line_, base_line_start_, complete};
    confirmer_.confirm(view, stdin_where, rest, state_, found);
  }
  pending_ = std::move(rest);
  for (const Finding& f : found) add_mask(f.offset, f.offset + f.secret.size());
}

void Redactor::add_mask(std::uint64_t from, std::uint64_t to) {
  from = std::max(from, out_pos_); // cannot happen if safe_end() is right
  if (to <= from) return;
  ++secrets_;
  auto it = masks_.upper_bound(from);
  if (it != masks_.begin() && std::prev(it)->second >= from) --it;
  while (it != masks_.end() && it->first <= to) { // merge overlapping masks
    from = std::min(from, it->first);
    to = std::max(to, it->second);
    it = masks_.erase(it);
  }
  masks_.emplace(from, to);
}

// The first offset a secret may still cover (see the header for the rule).
std::uint64_t Redactor::safe_end() const {
  const auto back = [&](std::uint64_t at, std::size_t n) {
    return at - std::min<std::uint64_t>(at, n);
  };
  std::uint64_t h = end_;
  if (line_window_ > 0) h = std::min(h, std::max(line_start_, back(end_, line_window_)));
  for (const Hold& hold : holds_) {
    if (hold.prefix.empty()) {
      h = std::min(h, back(end_, hold.window));
      continue;
    }
    if (!hold.starts.empty()) h = std::min(h, hold.starts.front().at);
    // A start still arriving: the longest tail of the input that begins the prefix.
    const std::size_t most = static_cast<std::size_t>(
        std::min<std::uint64_t>(hold.prefix.size() - 1, end_ - base_));
    for (std::size_t k = most; k > 0; --k)
      if (same_text(bytes(end_ - k, end_), std::string_view(hold.prefix).substr(0, k),
                    hold.caseless)) {
        h = std::min<std::uint64_t>(h, end_ - k);
        break;
      }
  }
  for (const Candidate& c : pending_)
    h = std::min(h, back(c.end, rules_->rules()[c.rule].window));
  return std::max(h, out_pos_);
}

// Writes [out_pos_, upto) to `out`, masks applied; a mask is written whole.
void Redactor::release(std::uint64_t upto, std::string& out) {
  while (out_pos_ < upto) {
    auto it = masks_.begin();
    if (it == masks_.end() || it->first >= upto) {
      out.append(bytes(out_pos_, upto));
      out_pos_ = upto;
      break;
    }
    out.append(bytes(out_pos_, it->first));
    const std::string_view secret = bytes(it->first, it->second);
    // --keep N: N characters (never splitting UTF-8), at most half the secret.
    std::size_t kept = 0;
    for (std::size_t chars = 0; kept < secret.size() && chars < options_.keep; ++chars) {
      ++kept;
      while (kept < secret.size() &&
             (static_cast<unsigned char>(secret[kept]) & 0xc0) == 0x80)
        ++kept;
    }
    if (kept > secret.size() / 2) kept = 0;
    out.append(secret.substr(0, kept));
    out.append(options_.mask);
    out_pos_ = it->second;
    upto = std::max(upto, out_pos_);
    masks_.erase(it);
  }
}

// Drops bytes no candidate, present or future, and no release can need.
void Redactor::trim() {
  const std::uint64_t look = confirmer_.lookback();
  std::uint64_t keep = std::min(out_pos_, end_ - std::min<std::uint64_t>(end_, look));
  for (const Candidate& c : pending_)
    keep = std::min(keep, c.end - std::min<std::uint64_t>(c.end, look));
  if (keep <= base_ || keep - base_ < std::max<std::uint64_t>(buf_.size() / 2, 64u << 10))
    return;
  // base_line_ is not kept up to date: redact uses findings' offsets, never their lines.
  const std::string_view dropped = bytes(base_, keep);
  if (const std::size_t nl = dropped.rfind('\n'); nl != std::string_view::npos)
    base_line_start_ = base_ + nl + 1;
  buf_.erase(0, static_cast<std::size_t>(keep - base_));
  base_ = keep;
}

} // namespace keysift::scanner
