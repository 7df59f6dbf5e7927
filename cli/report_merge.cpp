#include "cli/report_merge.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "cli/report.h"
#include "codec/sha256.h"
#include "git/group_findings.h"

namespace keysift::cli {

std::string rules_digest(const rules::RuleSet& rules) {
  std::string text = "keysift-rules-v1\n";
  auto add = [&](std::string_view s) {
    text += std::to_string(s.size());
    text += ':';
    text += s;
  };
  for (const auto& r : rules.rules) {
    for (std::string_view s :
         {std::string_view(r.id), std::string_view(r.regex),
          std::string_view(r.secret_group), std::string_view(r.validate),
          std::string_view(r.value), std::string_view(r.severity)})
      add(s);
    for (const auto& k : r.keywords) add(k);
    for (const auto& p : r.paths) add(p);
    add(fmt::format("{}", r.min_entropy));
    text += '\n';
  }
  return codec::sha256_hex(text);
}

namespace {

// The checks that make the inputs shards of one audit; the first input is the reference.
Status same_audit(const std::vector<MergeInput>& inputs) {
  const auto& ref = inputs.front();
  for (const auto& in : inputs) {
    if (!in.read.has_shard)
      return Status::error(in.name + ": not a shard's report (no \"shard\" section: run "
                                     "`keysift git --shard I/N -f json`)");
    const auto& a = ref.read.shard;
    const auto& b = in.read.shard;
    auto differ = [&](const char* what) {
      return Status::error(fmt::format("{} and {}: shards of different audits ({} differ)",
                                       ref.name, in.name, what));
    };
    if (a.count != b.count) return differ("their shard counts");
    if (a.walk != b.walk)
      return differ("their histories: another repository, or other refs");
    if (a.rules != b.rules) return differ("their rule sets");
    if (a.version != b.version) return differ("keysift's versions");
    if (ref.read.report.stats.requested.mode != in.read.report.stats.requested.mode ||
        ref.read.report.stats.requested.targets != in.read.report.stats.requested.targets)
      return differ("what they were asked to scan");
  }
  return Status::ok();
}

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  return b > UINT64_MAX - a ? UINT64_MAX : a + b; // counts never wrap
}

void add_counts(std::map<std::string, std::uint64_t>& into,
                const std::map<std::string, std::uint64_t>& from) {
  for (const auto& [k, n] : from) into[k] = add(into[k], n);
}

// One catalog for every shard: each commit at its walk rank, described by the lowest
// shard naming it (shard 0's descriptions carry the masked messages).
class Catalogs {
public:
  void add_shard(const reporters::ReadReport& r, std::size_t shard) {
    std::map<std::string, std::uint64_t> rank(r.shard.ranks.begin(), r.shard.ranks.end());
    for (const auto& info : r.report.catalog.commits) {
      const auto it = rank.find(info.id);
      // A commit without a rank sorts after every ranked one, in the order met.
      const std::uint64_t key = it != rank.end() ? it->second : UINT64_MAX;
      auto [at, added] = entries_.try_emplace(info.id, Entry{key, shard, info});
      if (!added && shard < at->second.shard) at->second = Entry{key, shard, info};
    }
  }
  void build(scanner::Catalog& catalog) {
    std::vector<const std::pair<const std::string, Entry>*> order;
    for (const auto& e : entries_) order.push_back(&e);
    std::stable_sort(order.begin(), order.end(),
                     [](auto* a, auto* b) { return a->second.rank < b->second.rank; });
    for (auto* e : order) {
      index_[e->first] = static_cast<std::uint32_t>(catalog.commits.size());
      catalog.commits.push_back(e->second.info);
    }
  }
  std::uint32_t index(const std::string& id) const { return index_.at(id); }

private:
  struct Entry {
    std::uint64_t rank;
    std::size_t shard;
    scanner::CommitInfo info;
  };
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::uint32_t> index_;
};

// A finding of one shard, renumbered into the merged rule set and catalog.
scanner::Finding renumber(scanner::Finding f, const reporters::ReadReport& r,
                          const std::map<std::string, std::uint32_t>& rule_numbers,
                          const Catalogs& catalogs) {
  f.rule = rule_numbers.at(r.report.rules->rules[f.rule].id);
  auto fix = [&](scanner::Location where) {
    if (auto* blob = std::get_if<scanner::GitBlobOrigin>(&where))
      if (blob->commit < r.report.catalog.commits.size())
        blob->commit = catalogs.index(r.report.catalog.commits[blob->commit].id);
    return where;
  };
  std::vector<scanner::Location> also;
  for (const auto& l : f.origin->also) also.push_back(fix(l));
  f.origin = scanner::make_origin(fix(f.origin->where), std::move(also));
  return f;
}

// Regroups every shard's findings, allowed ones included: the group's leader (its
// earliest place) decides whether it is reported or allowed.
void regroup(std::vector<scanner::Finding> all, scanner::ScanReport& out) {
  std::map<std::string, std::string> shown; // fingerprint -> the secret as shown
  for (auto& f : all) {
    shown.emplace(f.fingerprint, f.secret);
    f.secret = f.fingerprint; // groups by rule, path and secret: the print stands for it
  }
  git::group_findings(all);
  out.stats.allowed.clear();
  for (auto& f : all) {
    f.secret = shown[f.fingerprint];
    if (f.allowed.kind.empty()) {
      out.findings.push_back(std::move(f));
    } else {
      ++out.stats.allowed[f.allowed.kind];
      out.allowed.push_back(std::move(f));
    }
  }
}

// Notes: an expired entry once; an unused one only if no shard used it (every shard
// reported it unused).
void merge_notes(const std::vector<const reporters::ReadReport*>& shards,
                 std::vector<scanner::PolicyNote>& out) {
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
  for (const auto* r : shards)
    for (const auto& n : r->report.notes) {
      const auto key = std::make_tuple(n.kind, n.where, n.fingerprint);
      if (seen[key]++ == 0) out.push_back(n);
    }
  std::erase_if(out, [&](const scanner::PolicyNote& n) {
    return n.kind == "unused" &&
           seen[std::make_tuple(n.kind, n.where, n.fingerprint)] < shards.size();
  });
}

} // namespace

Result<Merged> merge_shards(std::vector<MergeInput> inputs) {
  if (inputs.empty()) return Status::error("no report to merge");
  if (auto st = same_audit(inputs); !st) return st;
  const std::uint32_t count = inputs.front().read.shard.count;
  std::vector<const reporters::ReadReport*> by_shard(count, nullptr);
  Merged out;
  scanner::ScanReport& m = out.report;
  for (const auto& in : inputs) {
    const auto i = in.read.shard.index;
    if (by_shard[i] != nullptr) {
      m.errors.push_back(
          {in.name,
           fmt::format("shard {}/{} given twice: this copy was left out", i, count),
           scanner::gap::error});
      continue;
    }
    by_shard[i] = &in.read;
  }
  std::vector<const reporters::ReadReport*> shards;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (by_shard[i] != nullptr) {
      shards.push_back(by_shard[i]);
      continue;
    }
    m.errors.push_back({fmt::format("shard {}/{}", i, count),
                        "no report of this shard was given: its blobs are not in the merge",
                        scanner::gap::error});
  }
  // Rules: the union, in id order.
  std::map<std::string, rules::Rule> rules;
  for (const auto* r : shards)
    for (const auto& rule : r->report.rules->rules) rules.emplace(rule.id, rule);
  auto set = std::make_shared<rules::RuleSet>();
  std::map<std::string, std::uint32_t> rule_numbers;
  for (auto& [id, rule] : rules) {
    rule_numbers[id] = static_cast<std::uint32_t>(set->rules.size());
    set->rules.push_back(std::move(rule));
  }
  m.rules = std::move(set);
  Catalogs catalogs;
  for (std::size_t s = 0; s < shards.size(); ++s) catalogs.add_shard(*shards[s], s);
  catalogs.build(m.catalog);
  std::vector<scanner::Finding> all;
  const auto& first = shards.empty() ? inputs.front().read : *shards.front();
  m.stats.requested.mode = first.report.stats.requested.mode;
  m.stats.requested.targets = first.report.stats.requested.targets;
  m.stats.allowed_gaps = first.report.stats.allowed_gaps;
  m.stats.rules = first.report.stats.rules;
  out.show_allowed = first.shard.show_allowed;
  std::vector<scanner::InputError> shard_errors = std::move(m.errors);
  m.errors.clear();
  for (const auto* r : shards) {
    const auto& st = r->report.stats;
    m.stats.files_scanned = add(m.stats.files_scanned, st.files_scanned);
    m.stats.bytes_scanned = add(m.stats.bytes_scanned, st.bytes_scanned);
    add_counts(m.stats.requested.units, st.requested.units);
    add_counts(m.stats.scanned, st.scanned);
    add_counts(m.stats.skipped, st.skipped);
    m.stats.seconds = std::max(m.stats.seconds, st.seconds); // the shards ran side by side
    // The merged run spans its shards: the first start, the last end, all their CPU.
    if (st.started_ms > 0 &&
        (m.stats.started_ms == 0 || st.started_ms < m.stats.started_ms))
      m.stats.started_ms = st.started_ms;
    m.stats.ended_ms = std::max(m.stats.ended_ms, st.ended_ms);
    m.stats.cpu_seconds += st.cpu_seconds;
    m.errors.insert(m.errors.end(), r->report.errors.begin(), r->report.errors.end());
    for (const auto* list : {&r->report.findings, &r->report.allowed})
      for (const auto& f : *list) all.push_back(renumber(f, *r, rule_numbers, catalogs));
  }
  m.errors.insert(m.errors.end(), shard_errors.begin(), shard_errors.end());
  regroup(std::move(all), m);
  merge_notes(shards, m.notes);
  m.stats.status = coverage_status(m, m.stats.allowed_gaps, EmptyRun::clean);
  // A shard's own verdict stands: one that failed or was stopped fails the merge too.
  for (const auto* r : shards)
    if (r->report.stats.status == "failed") m.stats.status = "failed";
  return out;
}

} // namespace keysift::cli
