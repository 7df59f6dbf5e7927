#include "scanner/confirmer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

#include "lang/file_kind.h"
#include "lang/literal.h"
#include "scanner/entropy.h"

namespace keysift::scanner {
namespace {

struct Position {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  std::uint64_t line_start = 0; // absolute
};

} // namespace

// The newline positions of a view, found as far as the findings need them, so that
// each finding's line is a binary search rather than a count from the start of the input.
class LineIndex {
public:
  explicit LineIndex(const TextView& view) : view_(view) {}

  // Line and column of absolute offset `at` (inside the view).
  Position locate(std::uint64_t at) {
    const auto rel = static_cast<std::size_t>(at - view_.base);
    extend_past(rel);
    const auto before = static_cast<std::size_t>(
        std::lower_bound(newlines_.begin(), newlines_.end(), rel) - newlines_.begin());
    Position pos;
    pos.line = view_.base_line + before;
    pos.line_start =
        before == 0 ? view_.base_line_start : view_.base + newlines_[before - 1] + 1;
    pos.column = at - pos.line_start + 1;
    return pos;
  }

private:
  // Records the newlines up to the first one at or after `rel` (or the end).
  void extend_past(std::size_t rel) {
    const char* begin = view_.text.data();
    const char* end = begin + view_.text.size();
    while (scanned_ <= rel && scanned_ < view_.text.size()) {
      const void* hit = std::memchr(begin + scanned_, '\n', view_.text.size() - scanned_);
      if (!hit) {
        scanned_ = static_cast<std::size_t>(end - begin);
        break;
      }
      const auto nl = static_cast<std::size_t>(static_cast<const char*>(hit) - begin);
      newlines_.push_back(nl);
      scanned_ = nl + 1;
    }
  }

  const TextView& view_;
  std::size_t scanned_ = 0; // newlines before this offset are recorded
  std::vector<std::size_t> newlines_;
};

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The line around [start, end): from the line start (at most line_context bytes before
// the secret) to the line end (at most line_context bytes after it).
// For a match that spans lines: the line before the match and the match's first line, each
// cut to line_context bytes next to the match (Finding::lead_lines).
std::string lead_lines(const TextView& view, std::string_view match) {
  const std::size_t first_nl = match.find('\n');
  if (first_nl == std::string_view::npos) return {};
  const std::string_view text = view.text;
  const auto m = static_cast<std::size_t>(match.data() - text.data());
  auto line_start = [&](std::size_t at) { // start of the line holding text[at]
    if (at == 0) return std::size_t{0};
    const std::size_t nl = text.rfind('\n', at - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
  };
  const std::size_t own = line_start(m);
  const std::size_t before = own == 0 ? 0 : line_start(own - 1);
  const std::size_t from =
      std::max(before, m > 2 * line_context ? m - 2 * line_context : 0);
  return std::string(text.substr(from, m + first_nl - from));
}

std::string_view line_around(const TextView& view, std::uint64_t start, std::uint64_t end,
                             std::uint64_t& column_in_line) {
  const auto s = static_cast<std::size_t>(start - view.base);
  const auto e = static_cast<std::size_t>(end - view.base);
  std::size_t from = s >= line_context ? s - line_context : 0;
  const std::size_t nl = view.text.substr(0, s).rfind('\n');
  if (nl != std::string_view::npos && nl + 1 > from) from = nl + 1;
  std::size_t to = std::min(view.text.size(), e + line_context);
  const std::size_t next_nl = view.text.find('\n', s);
  if (next_nl != std::string_view::npos && next_nl < to) to = std::max(next_nl, s);
  std::string_view line = view.text.substr(from, to - from);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  column_in_line = s - from + 1;
  return line;
}

// An allowlist's checks on the finding itself (its paths: Confirmer::dropped_by_path).
bool allowlisted(const CompiledAllowlist& list, const Finding& f) {
  std::string_view target = f.secret;
  if (list.target == rules::AllowTarget::match) target = f.match;
  if (list.target == rules::AllowTarget::line) target = f.line_text;
  if (any_partial(list.regexes, target)) return true;
  if (list.stopwords.empty()) return false;
  const std::string secret = lower(f.secret);
  return std::any_of(list.stopwords.begin(), list.stopwords.end(),
                     [&](const auto& w) { return secret.find(w) != std::string::npos; });
}

// The input's language, judged once per input (by its path, else its #! line).
lang::Language input_language(ConfirmState& state, const TextView& view,
                              std::string_view path) {
  if (state.language < 0) {
    const std::string_view head = view.base == 0 ? view.text.substr(0, 256) : "";
    state.language = static_cast<int>(lang::language_of(path, head));
  }
  return static_cast<lang::Language>(state.language);
}

// A rule with `value = "literal"` keeps only values that are literals (lang/literal.h).
bool value_accepted(const Finding& f, lang::Language language) {
  const std::size_t start = f.line_text_column - 1;
  return lang::literal_value(
      {f.line_text, start, f.secret.size(), language, start >= line_context});
}

// Whether every match of a literal-valued rule that ends at `end` holds its value in
// plain code, where lang::literal_value refuses it: judged without RE2 (before the
// rule's regex is even compiled; in a source tree most generic hits are code such as
// `token = _S_token_eof;`). The value's last byte lies within `tail` bytes before the
// match's last byte. The lines that can hold it, from their start up to `end`, must hold
// no quote (so the value opens no string), no escaped newline (where the comment test
// would start), no comment, and be too short to be cut in the finding's line. Anything
// else, or a line that starts before the text held: RE2 decides.
bool value_in_plain_code(const TextView& view, std::uint64_t end, std::size_t tail,
                         lang::Language language) {
  if (language != lang::Language::code && language != lang::Language::interpolating)
    return false;
  const std::string_view text = view.text;
  if (end <= view.base || end - view.base > text.size()) return false;
  const auto e = static_cast<std::size_t>(end - view.base);
  if (e < tail + 1 && view.base > 0) return false;
  const std::size_t first = e >= tail + 1 ? e - 1 - tail : 0;
  std::size_t from = 0;
  if (const std::size_t nl =
          first == 0 ? std::string_view::npos : text.rfind('\n', first - 1);
      nl != std::string_view::npos)
    from = nl + 1;
  else if (view.base > 0)
    return false;
  const std::string_view lines = text.substr(from, e - from);
  if (lines.find_first_of("\"'`") != std::string_view::npos ||
      lines.find("\\n") != std::string_view::npos)
    return false;
  for (std::size_t at = 0; at < lines.size();) {
    const std::size_t nl = std::min(lines.find('\n', at), lines.size());
    const std::string_view line = lines.substr(at, nl - at);
    if (line.size() >= line_context || lang::comment_line(line)) return false;
    at = nl + 1;
  }
  return true;
}

} // namespace

Confirmer::Confirmer(std::shared_ptr<const CompiledRules> rules, int decode_depth)
    : rules_(std::move(rules)), decode_depth_(decode_depth) {}

bool Confirmer::dropped(const CompiledRule& cr, const Finding& f) const {
  const rules::Rule& rule = cr.rule;
  if (!rule.keywords.empty()) {
    const std::string m = lower(f.match);
    if (std::none_of(rule.keywords.begin(), rule.keywords.end(),
                     [&](const auto& k) { return m.find(k) != std::string::npos; }))
      return true;
  }
  if (f.entropy < rule.min_entropy) return true;
  if (cr.validate && !cr.validate(f.secret)) {
    format_rejects_->fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  for (const auto& list : cr.allowlists)
    if (allowlisted(list, f)) return true;
  // Allow comments are the suppression stage's (policy/suppressor.h): an allowed finding
  // is still made, so that it can be counted and shown.
  return allowlisted(rules_->global_allowlist(), f);
}

bool Confirmer::dropped_by_path(const CompiledRule& cr, std::string_view path) const {
  if (!cr.paths.empty() && !any_partial(cr.paths, path)) return true;
  for (const auto& list : cr.allowlists)
    if (any_partial(list.paths, path)) return true;
  return any_partial(rules_->global_allowlist().paths, path);
}

Confirmer Confirmer::deferring_path() const {
  Confirmer out(rules_, decode_depth_);
  out.defer_path_ = true;
  out.format_rejects_ = format_rejects_;
  return out;
}

void Confirmer::finish_deferred(std::vector<Finding>& raw, const OriginRef& origin,
                                std::vector<Finding>& out) const {
  const std::string_view path = origin ? path_of(origin->where) : std::string_view();
  std::vector<Finding> kept;
  for (auto& f : raw) {
    const CompiledRule& cr = rules_->rules()[f.rule];
    if (dropped_by_path(cr, path)) continue;
    if (f.pending_language >= 0) {
      // The language a directory scan would give the file: its name's, else its #! line's.
      lang::Language language = lang::language_of(path, "");
      if (language == lang::Language::unknown)
        language = static_cast<lang::Language>(f.pending_language);
      f.pending_language = -1;
      if (!value_accepted(f, language)) continue;
    }
    f.context = std::string(lang::context_of(path));
    f.origin = origin;
    kept.push_back(std::move(f));
  }
  raw.clear();
  if (kept.empty()) return;
  resolve_overlaps(*rules_, kept);
  out.insert(out.end(), std::make_move_iterator(kept.begin()),
             std::make_move_iterator(kept.end()));
}

// Returns false when the candidate must wait for more bytes.
bool Confirmer::confirm_one(const TextView& view, const OriginRef& origin,
                            const Candidate& cand, ConfirmState& state,
                            std::vector<Finding>& out, LineIndex& lines) const {
  const CompiledRule& cr = rules_->rules()[cand.rule];
  std::uint64_t& last = state.last_end[cand.rule];
  std::uint64_t& no_match_to = state.no_match_to[cand.rule];
  const std::uint64_t view_end = view.base + view.text.size();
  // A search that found nothing over [lo, hi) also answers every later hit of the rule
  // that ends by hi: its match would have had to lie inside that range. Hyperscan
  // reports one hit per match end, often dozens for one run of token characters.
  if (cand.end <= no_match_to) return true;
  // A rule whose paths rule this input out (a .pgpass rule on a C header, any generic
  // rule in a message catalog) can yield no finding here: judged once per input and rule,
  // before any RE2 runs, rather than after each match.
  const std::string_view path = origin ? path_of(origin->where) : std::string_view();
  if (!defer_path_) {
    std::int8_t& drops = state.path_drops[cand.rule];
    if (drops < 0) drops = dropped_by_path(cr, path) ? 1 : 0;
    if (drops == 1) return true;
  }
  if (cr.value_tail && !defer_path_ &&
      value_in_plain_code(view, cand.end, *cr.value_tail,
                          input_language(state, view, path)))
    return true;
  // Checked when the rules were compiled, or when their cache entry was made.
  if (!cr.regex->compile()) return true;
  const RE2& re = cr.regex->re();
  while (cand.end > last) {
    if (!view.complete && cand.end + cr.window + line_context > view_end) return false;
    const std::uint64_t lo =
        std::max({cand.end >= cr.window ? cand.end - cr.window : 0, last, view.base});
    const std::uint64_t hi = std::min(cand.end + cr.window, view_end);
    const int n = cr.regex->secret_group() + 1;
    std::array<re2::StringPiece, 32> groups;
    if (n > static_cast<int>(groups.size())) return true;
    if (!re.Match(view.text, static_cast<std::size_t>(lo - view.base),
                  static_cast<std::size_t>(hi - view.base), RE2::UNANCHORED, groups.data(),
                  n)) {
      // A prefilter hit, or a hit RE2 does not confirm. A rule's hit ends where its match
      // ends, except for a rule with a named prefilter: there the hit ends at the
      // prefilter's literal and the match may reach a window further, so only hits a
      // window before hi are answered (unless the text ends at hi).
      const bool hit_is_match_end = cr.rule.prefilter.empty() || hi == view_end;
      no_match_to = hit_is_match_end ? hi : (hi > cr.window ? hi - cr.window : 0);
      return true;
    }
    const std::string_view match(groups[0].data(), groups[0].size());
    std::string_view secret(groups[static_cast<std::size_t>(n - 1)].data(),
                            groups[static_cast<std::size_t>(n - 1)].size());
    if (secret.data() == nullptr || secret.empty()) secret = match;
    const std::uint64_t m_end =
        view.base +
        static_cast<std::uint64_t>(match.data() + match.size() - view.text.data());
    last = m_end;
    Finding f;
    f.offset = view.base + static_cast<std::uint64_t>(secret.data() - view.text.data());
    f.size = secret.size();
    const std::uint64_t s_end = f.offset + f.size;
    f.secret = std::string(secret);
    f.match = std::string(match);
    f.line_text = std::string(line_around(view, f.offset, s_end, f.line_text_column));
    f.lead_lines = lead_lines(view, match);
    f.entropy = shannon_entropy(secret);
    // The literal check first: it is plain code, and in source files most generic
    // matches are code (`token = _S_token_eof;`), dropped before any allowlist regex
    // has to be compiled or run.
    // Before the path is known (a history blob), the value is judged once it is.
    const bool literal = cr.rule.value == "literal";
    const lang::Language language =
        literal ? input_language(state, view, path) : lang::Language::unknown;
    if (literal && !defer_path_ && !value_accepted(f, language)) continue;
    if (dropped(cr, f)) continue;
    if (literal && defer_path_) f.pending_language = static_cast<std::int8_t>(language);
    f.context = std::string(lang::context_of(path));
    const Position start = lines.locate(f.offset);
    const Position end = lines.locate(s_end - 1);
    f.line = start.line;
    f.column = start.column;
    f.end_line = end.line;
    f.end_column = end.column;
    f.rule = cand.rule;
    if (!defer_path_) f.origin = origin;
    f.fingerprint = content_fingerprint(cr.rule.id, f.secret); // never the path
    out.push_back(std::move(f));
  }
  return true;
}

void Confirmer::confirm(const TextView& view, const OriginRef& origin,
                        std::vector<Candidate>& candidates, ConfirmState& state,
                        std::vector<Finding>& out) const {
  state.last_end.resize(rules_->rules().size(), 0);
  state.no_match_to.resize(rules_->rules().size(), 0);
  state.path_drops.resize(rules_->rules().size(), -1);
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.rule != b.rule ? a.rule < b.rule : a.end < b.end;
            });
  std::vector<Candidate> waiting;
  LineIndex lines(view);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    if (!waiting.empty() && waiting.back().rule == c.rule) {
      waiting.push_back(c); // an earlier hit of this rule is waiting: keep order
      continue;
    }
    if (!confirm_one(view, origin, c, state, out, lines)) waiting.push_back(c);
  }
  candidates = std::move(waiting);
}

void resolve_overlaps(const CompiledRules& rules, std::vector<Finding>& findings) {
  // Rules are held in id order: comparing indexes compares ids.
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.rule < b.rule;
  });
  auto generic = [&](const Finding& f) { return rules.rules()[f.rule].rule.is_generic(); };
  auto better = [&](const Finding& a, const Finding& b) {
    if (generic(a) != generic(b)) return !generic(a);
    if (a.secret.size() != b.secret.size()) return a.secret.size() > b.secret.size();
    return a.rule < b.rule;
  };
  std::vector<Finding> kept;
  for (auto& f : findings) {
    if (!kept.empty()) {
      Finding& prev = kept.back();
      const bool same_input = prev.path() == f.path();
      if (same_input && f.offset < prev.offset + prev.size) {
        if (better(f, prev)) prev = std::move(f);
        continue;
      }
    }
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

} // namespace keysift::scanner
