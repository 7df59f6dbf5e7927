#include "redact/redactor.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>

namespace keysift::redact {

namespace {

const scanner::OriginRef stdin_where = scanner::make_origin(scanner::StdinOrigin{});

bool same_text(std::string_view a, std::string_view b, bool caseless) {
  if (!caseless) return a == b;
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace

Redactor::Redactor(std::shared_ptr<const scanner::CompiledRules> rules,
                   RedactOptions options)
    : rules_(rules), confirmer_(rules), options_(std::move(options)) {
  auto plan = RedactPlan::build(std::move(rules));
  if (!plan) {
    init_ = plan.status();
    return;
  }
  plan_ = std::move(plan).value();
  scanner_ = std::make_unique<RedactScanner>(plan_);
  init_holds();
}

Redactor::Redactor(std::shared_ptr<const RedactPlan> plan, RedactOptions options)
    : rules_(plan->rules()), plan_(std::move(plan)),
      scanner_(std::make_unique<RedactScanner>(plan_)), confirmer_(rules_),
      options_(std::move(options)) {
  init_holds();
}

void Redactor::init_holds() {
  holds_ = std::vector<Hold>(plan_->holds().size());
  by_literal_.assign(plan_->literals().size(), {});
  for (std::size_t i = 0; i < holds_.size(); ++i) {
    const RedactHold& spec = plan_->holds()[i];
    holds_[i].spec = &spec;
    if (!spec.prefix.empty())
      by_literal_[spec.literal].push_back(static_cast<std::uint32_t>(i));
  }
}

Status Redactor::open() {
  return init_;
}

// The head regex, compiled on the first occurrence of its literal (most runs see none).
const RE2* Redactor::head(Hold& h) {
  if (!h.head_tried && !h.spec->head.empty()) {
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingLatin1);
    options.set_log_errors(false);
    auto re = std::make_unique<const RE2>(h.spec->head, options);
    if (re->ok()) h.head = std::move(re);
  }
  h.head_tried = true;
  return h.head.get();
}

std::string_view Redactor::bytes(std::uint64_t from, std::uint64_t to) const {
  return std::string_view(buf_).substr(static_cast<std::size_t>(from - base_),
                                       static_cast<std::size_t>(to - from));
}

Status Redactor::feed(std::string_view in, std::string& out) {
  if (in.empty()) return Status::ok();
  RedactBatch batch;
  batch.at = scanned_;
  batch.bytes = in;
  scanned_ += in.size();
  if (auto st = scan(batch); !st) return st;
  return settle(batch, out);
}

Status Redactor::finish(std::string& out) {
  RedactBatch end;
  end.at = scanned_;
  if (auto st = scan(end); !st) return st;
  return settle(end, out);
}

Status Redactor::scan(RedactBatch& batch) {
  if (!scanner_) return init_;
  return scanner_->scan(batch);
}

Status Redactor::settle(RedactBatch& batch, std::string& out) {
  RedactPieces pieces;
  Status st = settle(batch, pieces);
  for (const std::string_view piece : pieces) out.append(piece);
  return st;
}

Status Redactor::settle(RedactBatch& batch, RedactPieces& out) {
  if (batch.at != end_) return Status::error("redact: batches out of order");
  trim(); // here, not after release(): `out` points into buf_ until the next call
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
  return Status::ok();
}

// Records where literal starts of multi-line rules occur, within each rule's window.
void Redactor::track_prefixes(const std::vector<LiteralHit>& hits) {
  for (const LiteralHit& hit : hits)
    for (const std::uint32_t i : by_literal_[hit.literal])
      holds_[i].starts.push_back({hit.start, head(holds_[i]) == nullptr});
  for (Hold& h : holds_) {
    while (!h.starts.empty() && h.starts.front().at + h.spec->window < end_)
      h.starts.pop_front();
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
    return !s.verified && end_ - s.at >= h.spec->head_width;
  });
}

// Settles candidates. A candidate of a line-local rule whose line has ended is settled
// on a view that stops after that line's '\n' (its secret cannot reach further), so a
// line holding a secret is released when it ends, not a window later.
void Redactor::confirm(bool complete) {
  if (pending_.empty()) return;
  std::sort(pending_.begin(), pending_.end(),
            [](const scanner::Candidate& a, const scanner::Candidate& b) {
              return a.rule != b.rule ? a.rule < b.rule : a.end < b.end;
            });
  const std::string_view all(buf_);
  std::vector<scanner::Candidate> rest, one;
  std::vector<scanner::Finding> found;
  std::uint64_t rest_from = UINT64_MAX;
  std::uint32_t deferred_rule = UINT32_MAX; // keep each rule's candidates in order
  for (const scanner::Candidate& c : pending_) {
    if (!complete && plan_->reach(c.rule).line_local && c.rule != deferred_rule) {
      const std::size_t from =
          static_cast<std::size_t>(std::max(c.end, base_ + 1) - 1 - base_);
      if (const std::size_t nl = all.find('\n', from); nl != std::string_view::npos) {
        const std::size_t cut = std::max<std::size_t>(nl + 1, c.end - base_);
        one.assign(1, c);
        confirmer_.confirm(view(line_context_start(c), cut, true), stdin_where, one, state_,
                           found);
        continue;
      }
    }
    deferred_rule = c.rule;
    rest.push_back(c);
    rest_from = std::min(rest_from, context_start(c));
  }
  if (!rest.empty())
    confirmer_.confirm(view(rest_from, buf_.size(), complete), stdin_where, rest, state_,
                       found);
  pending_ = std::move(rest);
  for (const scanner::Finding& f : found)
    if (!options_.allowed || !options_.allowed(f))
      add_mask(f.offset, f.offset + f.secret.size());
}

// Where the Confirmer's look at candidate `c` can start: its rule's window and the line
// context before it. A view that starts there rather than at base_ keeps each confirmation
// (its line index, in particular) proportional to the window, not to the buffer.
std::uint64_t Redactor::context_start(const scanner::Candidate& c) const {
  const std::uint64_t back = rules_->rules()[c.rule].window + scanner::line_context + 1;
  return std::max(base_, c.end - std::min(c.end, back));
}

// For a rule whose matches lie within one line: from the '\n' before the candidate's
// line (RE2 then searches that line, not the rule's whole window, which for a rule
// Hyperscan cannot bound is 64 KiB on each side).
std::uint64_t Redactor::line_context_start(const scanner::Candidate& c) const {
  const std::uint64_t from = context_start(c);
  if (!plan_->reach(c.rule).match_in_line || c.end <= from) return from;
  const std::string_view before = bytes(from, c.end - 1);
  const std::size_t nl = before.rfind('\n');
  return nl == std::string_view::npos ? from : from + nl;
}

// buf_ from absolute offset `from` to buf_[cut]. Lines in the view are not numbered
// right (redact uses findings' offsets, never their lines).
scanner::TextView Redactor::view(std::uint64_t from, std::size_t cut, bool complete) const {
  const auto skip = static_cast<std::size_t>(from - base_);
  return scanner::TextView{std::string_view(buf_).substr(skip, cut - skip), from,
                           base_line_, base_line_start_, complete};
}

void Redactor::add_mask(std::uint64_t from, std::uint64_t to) {
  if (to <= from) return;
  // Counted before it is clipped: a secret nested in another one's mask may be found once
  // that mask is written (how the input was cut decides), and is a secret all the same.
  ++secrets_;
  from = std::max(from, out_pos_); // only bytes not written yet can still be masked
  if (to <= from) return;
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
  if (const std::size_t lw = plan_->line_window(); lw > 0)
    h = std::min(h, std::max(line_start_, back(end_, lw)));
  for (const Hold& held : holds_) {
    const RedactHold& hold = *held.spec;
    if (hold.prefix.empty()) {
      h = std::min(h, back(end_, hold.window));
      continue;
    }
    if (!held.starts.empty()) h = std::min(h, held.starts.front().at);
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
  for (const scanner::Candidate& c : pending_)
    h = std::min(h, back(c.end, rules_->rules()[c.rule].window));
  return std::max(h, out_pos_);
}

// Adds [out_pos_, upto) to `out`, masks applied; a mask is written whole.
void Redactor::release(std::uint64_t upto, RedactPieces& out) {
  while (out_pos_ < upto) {
    auto it = masks_.begin();
    if (it == masks_.end() || it->first >= upto) {
      out.push_back(bytes(out_pos_, upto));
      out_pos_ = upto;
      break;
    }
    out.push_back(bytes(out_pos_, it->first));
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
    out.push_back(secret.substr(0, kept));
    out.push_back(options_.mask);
    out_pos_ = it->second;
    upto = std::max(upto, out_pos_);
    masks_.erase(it);
  }
}

// Drops bytes no candidate, present or future, and no release can need.
void Redactor::trim() {
  const std::uint64_t look = confirmer_.lookback();
  std::uint64_t keep = std::min(out_pos_, end_ - std::min<std::uint64_t>(end_, look));
  for (const scanner::Candidate& c : pending_)
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

} // namespace keysift::redact
