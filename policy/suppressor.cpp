#include "policy/suppressor.h"

#include <algorithm>

#include <fmt/core.h>

#include "policy/allow_comment.h"
#include "policy/gitleaks_rules.h"
#include "policy/glob.h"

namespace keysift::policy {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::unique_ptr<scanner::LazyRegex> glob_regex(const std::string& glob) {
  auto re = glob_to_regex(glob);
  return re ? std::make_unique<scanner::LazyRegex>(*re) : nullptr;
}

bool any_match(const scanner::LazyRegexes& res, std::string_view text) {
  return std::any_of(res.begin(), res.end(),
                     [&](const auto& re) { return re && re->partial_match(text); });
}

// The id of the commit a finding was found in ("" outside git history and ranges).
std::string_view commit_of(const scanner::Finding& f, const scanner::ScanReport& context) {
  if (!f.origin) return {};
  const auto* blob = std::get_if<scanner::GitBlobOrigin>(&f.origin->where);
  if (!blob || blob->commit >= context.catalog.commits.size()) return {};
  return context.catalog.commits[blob->commit].id;
}

std::string position_key(std::string_view path, std::uint64_t line) {
  return fmt::format("{}\n{}", path, line);
}

} // namespace

struct Suppressor::Seen {
  std::string_view rule_id;
  std::string path; // relative to the root
  std::string_view commit;
};

struct Suppressor::CompiledList {
  const PolicyAllowlist* spec = nullptr;
  scanner::LazyRegexes regexes, paths;
  std::vector<std::string> stopwords, commits;

  explicit CompiledList(const PolicyAllowlist& a) : spec(&a) {
    for (const auto& r : a.regexes)
      regexes.push_back(std::make_unique<scanner::LazyRegex>(r.value));
    for (const auto& p : a.paths)
      paths.push_back(std::make_unique<scanner::LazyRegex>(p.value));
    for (const auto& g : a.globs)
      // clang 14's analyzer reports a leak here: a false positive, the unique_ptr moves
      // into the vector (the ASan build's LeakSanitizer checks real leaks).
      // NOLINTNEXTLINE(clang-analyzer-cplusplus.NewDeleteLeaks): see above
      if (auto re = glob_regex(g.value)) paths.push_back(std::move(re));
    for (const auto& w : a.stopwords) stopwords.push_back(w.value);
    for (const auto& c : a.commits) commits.push_back(c.value);
  }
  bool for_every_rule() const { return spec->rule_ids.empty(); }
  bool applies_to(std::string_view rule_id) const {
    return for_every_rule() ||
           std::any_of(spec->rule_ids.begin(), spec->rule_ids.end(),
                       [&](const Located& id) { return id.value == rule_id; });
  }
  bool commit_match(std::string_view commit) const {
    if (commit.empty()) return false;
    const std::string c = lower(commit);
    return std::any_of(commits.begin(), commits.end(), [&](const std::string& want) {
      return want.size() >= 7 && c.compare(0, want.size(), want) == 0;
    });
  }
  bool regex_match(const scanner::Finding& f) const {
    std::string_view target = f.secret;
    if (spec->target == rules::AllowTarget::match) target = f.match;
    if (spec->target == rules::AllowTarget::line) target = f.line_text;
    return any_match(regexes, target);
  }
  bool stopword_match(const scanner::Finding& f) const {
    if (stopwords.empty()) return false;
    const std::string secret = lower(f.secret);
    return std::any_of(stopwords.begin(), stopwords.end(), [&](const std::string& w) {
      return secret.find(w) != std::string::npos;
    });
  }
  bool matches(const scanner::Finding& f, const Seen& seen) const {
    if (!applies_to(seen.rule_id)) return false;
    if (!spec->require_all)
      return any_match(paths, seen.path) || commit_match(seen.commit) || regex_match(f) ||
             stopword_match(f);
    if (!paths.empty() && !any_match(paths, seen.path)) return false;
    if (!commits.empty() && !commit_match(seen.commit)) return false;
    if (!regexes.empty() && !regex_match(f)) return false;
    return stopwords.empty() || stopword_match(f);
  }
};

Suppressor::Suppressor(SuppressionInputs inputs) : inputs_(std::move(inputs)) {
  for (const auto& a : inputs_.allowlists)
    lists_.push_back(std::make_unique<CompiledList>(a));
  for (std::size_t b = 0; b < inputs_.baselines.size(); ++b) {
    scanner::LazyRegexes globs;
    const auto& entries = inputs_.baselines[b].entries;
    for (std::size_t e = 0; e < entries.size(); ++e) {
      // Compiled on first use: a 10,000-entry baseline costs nothing until one matches.
      // NOLINTNEXTLINE(clang-analyzer-cplusplus.NewDeleteLeaks): as in CompiledList
      globs.push_back(entries[e].path.empty() ? nullptr : glob_regex(entries[e].path));
      by_fingerprint_[entries[e].fingerprint].push_back({b, e});
    }
    entry_globs_.push_back(std::move(globs));
  }
  for (std::size_t i = 0; i < inputs_.ignore_files.size(); ++i)
    for (std::size_t e = 0; e < inputs_.ignore_files[i].entries.size(); ++e)
      ignored_[inputs_.ignore_files[i].entries[e].fingerprint].push_back({i, e});
  for (std::size_t i = 0; i < inputs_.gitleaks_ignores.size(); ++i) {
    std::vector<std::vector<std::string>> mapped;
    const auto& entries = inputs_.gitleaks_ignores[i].entries;
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const auto& m = map_gitleaks_rule(entries[e].rule);
      // A rule id gitleaks' defaults do not have is a rule of the team's own config,
      // which keeps its id in keysift.
      mapped.push_back(m.known ? m.keysift_ids : std::vector<std::string>{entries[e].rule});
      positions_[position_key(entries[e].file, entries[e].line)].push_back({i, e});
    }
    gl_rules_.push_back(std::move(mapped));
  }
}

Suppressor::~Suppressor() = default;

bool Suppressor::skip_path(std::string_view path) const {
  const std::string rel = relative_path(path, inputs_.root);
  return std::any_of(lists_.begin(), lists_.end(), [&](const auto& l) {
    return l->for_every_rule() && !l->spec->require_all && any_match(l->paths, rel);
  });
}

bool Suppressor::by_comment(scanner::Finding& f, const Seen& seen) const {
  auto check = [&](std::string_view text) {
    auto c = find_allow_comment(text);
    if (!c || !c->allows(seen.rule_id)) return false;
    f.allowed = {"comment", c->marker(), c->reason};
    return true;
  };
  return check(f.line_text) || (!f.lead_lines.empty() && check(f.lead_lines));
}

bool Suppressor::by_allowlist(scanner::Finding& f, const Seen& seen) const {
  for (const auto& l : lists_) {
    if (!l->matches(f, seen)) continue;
    f.allowed = {"allowlist", l->spec->where, l->spec->description};
    return true;
  }
  return false;
}

bool Suppressor::by_ignore_file(scanner::Finding& f) {
  const auto it = ignored_.find(f.fingerprint);
  if (it == ignored_.end()) return false;
  const Ref r = it->second.front();
  used_ignore_.insert(r);
  f.allowed = {"ignore-file",
               fmt::format("{}:{}", inputs_.ignore_files[r.file].origin,
                           inputs_.ignore_files[r.file].entries[r.entry].line),
               ""};
  return true;
}

bool Suppressor::by_gitleaks_ignore(scanner::Finding& f, const Seen& seen) {
  const auto it = positions_.find(position_key(seen.path, f.line));
  if (it == positions_.end()) return false;
  for (const Ref& r : it->second) {
    const auto& e = inputs_.gitleaks_ignores[r.file].entries[r.entry];
    if (!e.commit.empty() && seen.commit.substr(0, e.commit.size()) != e.commit) continue;
    const auto& ids = gl_rules_[r.file][r.entry];
    if (std::find(ids.begin(), ids.end(), seen.rule_id) == ids.end()) continue;
    used_gitleaks_.insert(r);
    f.allowed = {"gitleaksignore",
                 fmt::format("{}:{}", inputs_.gitleaks_ignores[r.file].origin, e.at), ""};
    return true;
  }
  return false;
}

bool Suppressor::by_baseline(scanner::Finding& f, const Seen& seen) {
  const auto it = by_fingerprint_.find(f.fingerprint);
  if (it == by_fingerprint_.end()) return false;
  for (const Ref& r : it->second) {
    const auto& e = inputs_.baselines[r.file].entries[r.entry];
    const auto& glob = entry_globs_[r.file][r.entry];
    if (!e.path.empty() && !(glob && glob->partial_match(seen.path))) continue;
    if (!e.expires.empty() && e.expires < inputs_.today) {
      expired_hit_.insert(r);
      continue;
    }
    used_baseline_.insert(r);
    std::string reason = e.reason;
    if (!e.approved_by.empty())
      reason += (reason.empty() ? "approved by " : " (approved by ") + e.approved_by +
                (reason.empty() ? "" : ")");
    f.allowed = {"baseline", fmt::format("{}:{}", inputs_.baselines[r.file].origin, e.line),
                 reason};
    return true;
  }
  return false;
}

bool Suppressor::allow(scanner::Finding& f, const scanner::ScanReport& context) {
  const Seen seen{context.rule(f).id, relative_path(f.path(), inputs_.root),
                  commit_of(f, context)};
  return (inputs_.allow_comments && by_comment(f, seen)) || by_allowlist(f, seen) ||
         by_ignore_file(f) || by_gitleaks_ignore(f, seen) || by_baseline(f, seen);
}

void Suppressor::note_unused(std::vector<scanner::PolicyNote>& notes) const {
  for (std::size_t b = 0; b < inputs_.baselines.size(); ++b)
    for (std::size_t e = 0; e < inputs_.baselines[b].entries.size(); ++e)
      if (!used_baseline_.count({b, e})) {
        const auto& entry = inputs_.baselines[b].entries[e];
        notes.push_back({"unused",
                         fmt::format("{}:{}", inputs_.baselines[b].origin, entry.line),
                         entry.fingerprint, ""});
      }
  for (std::size_t i = 0; i < inputs_.ignore_files.size(); ++i)
    for (std::size_t e = 0; e < inputs_.ignore_files[i].entries.size(); ++e)
      if (!used_ignore_.count({i, e})) {
        const auto& entry = inputs_.ignore_files[i].entries[e];
        notes.push_back({"unused",
                         fmt::format("{}:{}", inputs_.ignore_files[i].origin, entry.line),
                         entry.fingerprint, ""});
      }
  for (std::size_t i = 0; i < inputs_.gitleaks_ignores.size(); ++i)
    for (std::size_t e = 0; e < inputs_.gitleaks_ignores[i].entries.size(); ++e)
      if (!used_gitleaks_.count({i, e})) {
        const auto& entry = inputs_.gitleaks_ignores[i].entries[e];
        notes.push_back(
            {"unused", fmt::format("{}:{}", inputs_.gitleaks_ignores[i].origin, entry.at),
             fmt::format("{}{}{}:{}:{}", entry.commit, entry.commit.empty() ? "" : ":",
                         entry.file, entry.rule, entry.line),
             ""});
      }
}

void Suppressor::apply(scanner::ScanReport& report, bool report_unused) {
  std::vector<scanner::Finding> kept;
  for (auto& f : report.findings) {
    if (allow(f, report)) {
      ++report.stats.allowed[f.allowed.kind];
      report.allowed.push_back(std::move(f));
    } else {
      kept.push_back(std::move(f));
    }
  }
  report.findings = std::move(kept);
  for (const Ref& r : expired_hit_) {
    if (used_baseline_.count(r)) continue;
    const auto& e = inputs_.baselines[r.file].entries[r.entry];
    report.notes.push_back({"expired",
                            fmt::format("{}:{}", inputs_.baselines[r.file].origin, e.line),
                            e.fingerprint, e.expires});
  }
  if (report_unused) note_unused(report.notes);
}

bool Suppressor::baseline_entry_used(std::size_t baseline, std::size_t entry) const {
  return used_baseline_.count({baseline, entry}) > 0;
}

bool Suppressor::has_expired_entry(const std::string& fingerprint) const {
  const auto it = by_fingerprint_.find(fingerprint);
  if (it == by_fingerprint_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const Ref& r) {
    const auto& e = inputs_.baselines[r.file].entries[r.entry];
    return !e.expires.empty() && e.expires < inputs_.today;
  });
}

} // namespace keysift::policy
