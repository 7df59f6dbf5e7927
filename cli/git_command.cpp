// `keysift git`: the staged changes (pre-commit), a range (pull requests), what a push
// sends (pre-push), or the whole history (an audit). Reads objects in-process with
// libgit2: never spawns git.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/git_options.h"
#include "cli/git_policy.h"
#include "cli/lookalike.h"
#include "cli/report.h"
#include "cli/report_merge.h"
#include "cli/ways_out.h"
#include "git/commit_meta.h"
#include "git/commit_select.h"
#include "git/group_findings.h"
#include "git/history_source.h"
#include "git/range_source.h"
#include "git/revision_file.h"
#include "git/shard.h"
#include "git/staged_source.h"
#include "reporters/commit_messages.h"

namespace keysift::cli {
namespace {

enum class GitMode { staged, range, pre_push, history };

GitMode mode_of(const GitOptions& o) {
  if (o.staged) return GitMode::staged;
  if (!o.range.empty()) return GitMode::range;
  if (o.pre_push) return GitMode::pre_push;
  return GitMode::history;
}

Status check_flags(const GitOptions& o) {
  const int modes = int{o.staged} + int{!o.range.empty()} + int{o.pre_push};
  if (modes > 1) return Status::error("choose one of --staged, --range and --pre-push");
  const bool history_only = o.all_objects || !o.since.empty() || o.max_commits != 0 ||
                            !o.branches.empty() || !o.shard.empty();
  if (modes == 1 && (history_only || !o.config_from.empty()))
    return Status::error(
        "--all-objects, --since, --max-commits, --branch, --shard and --config-from apply "
        "to the history audit (no mode flag); a range or a push takes its policy from its "
        "base");
  if (!o.shard.empty())
    if (auto shard = git::parse_shard(o.shard); !shard) return shard.status();
  if (!o.shard.empty() && o.scan.format != "json")
    return Status::error("--shard writes a json report (-f json), the input of `keysift "
                         "report merge`");
  return Status::ok();
}

struct Prepared {
  std::shared_ptr<const scanner::CompiledRules> rules;
  RunPolicy policy;
  scanner::PipelineOptions pipeline;
  reporters::Format format = reporters::Format::text;
  ScanOptions scan; // the command line's, with the config's gate exemptions
};

Result<Prepared> prepare(const GitOptions& o, const GitPolicySpec& spec, bool diff) {
  Prepared p;
  auto format = reporters::parse_format(o.scan.format);
  if (!format) return format.status();
  p.format = *format;
  auto run = prepare_git_run(spec, o.scan, diff);
  if (!run) return run.status();
  p.rules = run->rules;
  p.policy = std::move(run->policy);
  p.scan = o.scan;
  p.scan.exempt_contexts = exempt_contexts(o.scan.exempt_contexts, run->exempt_contexts);
  p.pipeline.threads = o.scan.threads;
  p.pipeline.gate = std::move(run->gate);
  p.pipeline.decode_depth = o.scan.decode_depth;
  p.pipeline.stream_threshold = o.scan.stream_threshold_mb << 20;
  return p;
}

// The commits a range or a push selects, and the revisions whose policy decides (base)
// and is compared with it (head).
struct DiffSelection {
  std::vector<git_oid> commits;
  std::vector<git::PushedTag> tags; // pre-push: the tags it sends
  std::string base, head;
};

bool zeros(const std::string& hex) {
  return !hex.empty() && hex.find_first_not_of('0') == std::string::npos;
}

// A push's base: the first remote tip we have; else the parent of the oldest commit
// pushed (a new branch); else none (a new history).
std::string push_base(git_repository* repo, const std::string& lines,
                      const std::vector<git_oid>& commits, std::string& head) {
  std::istringstream in(lines);
  std::string base;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string local_ref, local_sha, remote_ref, remote_sha;
    if (!(f >> local_ref >> local_sha >> remote_ref >> remote_sha) || zeros(local_sha))
      continue;
    if (head.empty()) head = local_sha;
    if (base.empty() && !zeros(remote_sha) && git::commit_id(repo, remote_sha))
      base = remote_sha;
  }
  git_error_clear();
  if (!base.empty() || commits.empty()) return base;
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &commits.front()) != 0) return {};
  git::Commit oldest(raw);
  if (git_commit_parentcount(oldest.get()) == 0) return {};
  return git::oid_hex(*git_commit_parent_id(oldest.get(), 0));
}

Result<DiffSelection> select_diff(const GitOptions& o, GitMode mode) {
  auto repo = git::open_repository(o.repo);
  if (!repo) return repo.status();
  DiffSelection out;
  std::size_t refs = 0;
  if (mode == GitMode::range) {
    auto commits = git::range_commits(repo->get(), o.range);
    if (!commits) return commits.status();
    out.commits = std::move(commits).value();
    const auto dots = o.range.find("..");
    out.base = o.range.substr(0, dots);
    out.head = o.range.substr(dots + 2);
    if (out.head.empty()) out.head = "HEAD";
  } else {
    std::ostringstream lines;
    lines << std::cin.rdbuf();
    std::istringstream in(lines.str());
    auto commits = git::pre_push_commits(repo->get(), in, refs, &out.tags);
    if (!commits) return commits.status();
    out.commits = std::move(commits).value();
    out.base = push_base(repo->get(), lines.str(), out.commits, out.head);
  }
  const std::string what = mode == GitMode::range ? "in " + o.range
                                                  : fmt::format("to push ({} ref{})", refs,
                                                                refs == 1 ? "" : "s");
  std::cerr << fmt::format(
      "keysift: {} commit{} {}{}\n", out.commits.size(), out.commits.size() == 1 ? "" : "s",
      what, out.commits.empty() && out.tags.empty() ? ": nothing to scan" : "");
  return out;
}

// The shard section of the json report (reporters/reporter.h), once the scan is done.
void fill_shard(reporters::ShardSection& out, const git::HistorySummary& summary,
                const scanner::ScanReport& report, bool show_allowed) {
  out.walk = summary.walk_digest;
  out.rules = rules_digest(*report.rules);
  out.version = KEYSIFT_VERSION;
  out.show_allowed = show_allowed;
  std::set<std::string> ids;
  for (const auto& [entry, rank] : summary.catalog_ranks)
    if (entry < report.catalog.commits.size() &&
        ids.insert(report.catalog.commits[entry].id).second)
      out.ranks.emplace_back(report.catalog.commits[entry].id, rank);
  std::set<std::uint32_t> fired;
  for (const auto* list : {&report.findings, &report.allowed})
    for (const auto& f : *list) fired.insert(f.rule);
  for (std::uint32_t r : fired)
    out.help.emplace_back(report.rules->rules[r].id, report.rules->rules[r].help);
}

int run_history(const GitOptions& o, const Prepared& p) {
  git::HistoryOptions h;
  std::shared_ptr<reporters::ShardSection> shard;
  if (!o.shard.empty()) {
    auto parsed = git::parse_shard(o.shard);
    if (!parsed) return fail(parsed.error());
    h.shard = *parsed;
    shard = std::make_shared<reporters::ShardSection>();
    shard->index = h.shard.index;
    shard->count = h.shard.count;
  }
  h.repo_path = o.repo;
  h.limits.refs = o.branches;
  h.limits.max_commits = o.max_commits;
  if (!o.since.empty()) {
    std::int64_t since = 0;
    if (!git::parse_date(o.since, since))
      return fail("--since: '" + o.since + "' is not a date (YYYY-MM-DD[THH:MM:SS][Z])");
    h.limits.since = since;
  }
  h.all_objects = o.all_objects;
  h.tasks = p.pipeline.threads != 0 ? p.pipeline.threads
                                    : std::max(1u, std::thread::hardware_concurrency());
  git::HistorySource source(h);
  ReportPlan plan;
  plan.format = p.format;
  plan.empty = EmptyRun::clean;
  plan.shard = shard;
  plan.transform = [show = o.scan.show_secrets, shard, &source,
                    show_allowed = o.scan.show_allowed](scanner::ScanReport& report) {
    git::group_findings(report.findings);
    if (!show) reporters::redact_commit_messages(report);
    if (shard) fill_shard(*shard, source.summary(), report, show_allowed);
  };
  plan.requested.mode = "git history";
  plan.progress = ProgressKind::history;
  plan.requested.targets =
      o.branches.empty() ? std::vector<std::string>{"every ref"} : o.branches;
  if (o.all_objects) plan.requested.targets.push_back("unreachable objects");
  RunPolicy policy = p.policy;
  plan.policy = &policy;
  const int rc = scan_and_report(p.rules, p.pipeline, source, p.scan, plan);
  const auto& s = source.summary();
  std::cerr << fmt::format("keysift: history: {} commit{} from {} tip{}, {} unique blob{}",
                           s.commits, s.commits == 1 ? "" : "s", s.tips,
                           s.tips == 1 ? "" : "s", s.blobs, s.blobs == 1 ? "" : "s");
  if (o.all_objects) std::cerr << fmt::format(", {} unreachable", s.unreachable_blobs);
  std::cerr << fmt::format(" (walk {:.2f} s)", s.walk_seconds);
  std::cerr << (s.shallow_cut ? " (a shallow clone: history before its cut is absent)\n"
                              : "\n");
  return rc;
}

WaysOutContext ways_out_context(const GitOptions& o, GitMode mode, const Prepared& p) {
  WaysOutContext c;
  c.gate = mode == GitMode::staged  ? Gate::commit
           : mode == GitMode::range ? Gate::range
                                    : Gate::push;
  c.command = mode == GitMode::staged  ? "keysift git --staged"
              : mode == GitMode::range ? "keysift git --range " + o.range
                                       : "keysift git";
  c.baseline = p.policy.baseline_target;
  c.policy_from_base = mode != GitMode::staged;
  return c;
}

// The index a commit would write, when git names one: a hook run by `git commit -a` or
// `git commit PATH` sees a temporary index.
std::string index_file() {
  const char* env = std::getenv("GIT_INDEX_FILE");
  return env ? env : "";
}

// A made-up token (a `ghp_…` typed to test the hook) fails its checksum and is not
// reported: say so, and how to get a value that is, rather than look blind.
void hint_lookalikes(const GitOptions& o, const Prepared& p) {
  git::StagedSource again(o.repo, index_file());
  if (auto found = find_lookalikes(*p.rules->rule_set(), p.pipeline.gate, again); found)
    print_lookalikes(*found);
}

int run_git(const GitOptions& o) {
  if (auto st = check_flags(o); !st) return fail(st.message());
  if (auto repo = git::open_repository(o.repo); !repo) return fail(repo.error());
  const GitMode mode = mode_of(o);
  GitPolicySpec spec;
  spec.repo = o.repo;
  if (mode == GitMode::history) {
    spec.from_revision = !o.config_from.empty();
    spec.base = o.config_from;
    if (spec.from_revision) spec.head = "HEAD";
    auto prepared = prepare(o, spec, false);
    if (!prepared) return fail(prepared.error());
    return run_history(o, *prepared);
  }
  std::unique_ptr<scanner::Source> source;
  std::optional<DiffSelection> diff;
  if (mode != GitMode::staged) {
    auto selected = select_diff(o, mode);
    if (!selected) return fail(selected.error());
    diff = std::move(selected).value();
    spec.from_revision = true;
    spec.base = diff->base;
    spec.head = diff->head;
  }
  auto prepared = prepare(o, spec, true);
  if (!prepared) return fail(prepared.error());
  Prepared& p = *prepared;
  ReportPlan plan;
  plan.format = p.format;
  plan.empty = EmptyRun::clean;
  plan.requested.mode = mode == GitMode::staged  ? "git staged"
                        : mode == GitMode::range ? "git range"
                                                 : "git pre-push";
  plan.requested.targets = {mode == GitMode::range ? o.range : o.repo};
  if (mode == GitMode::staged) {
    source = std::make_unique<git::StagedSource>(o.repo, index_file());
  } else {
    plan.requested.units["commits"] = diff->commits.size();
    plan.progress = ProgressKind::range;
    // Messages are scanned too: what is found in one is masked in every report's
    // "message" (so findings are written once the scan is done, not streamed).
    if (!o.scan.show_secrets)
      plan.transform = [](scanner::ScanReport& report) {
        reporters::redact_commit_messages(report);
      };
    auto range = std::make_unique<git::RangeSource>(o.repo, std::move(diff->commits));
    range->add_tags(std::move(diff->tags));
    source = std::move(range);
  }
  const WaysOutContext context = ways_out_context(o, mode, p);
  p.policy.on_findings = [context](const scanner::ScanReport& report) {
    std::cerr << ways_out(report, context);
  };
  plan.policy = &p.policy;
  scanner::ScanStats stats;
  plan.stats = &stats;
  const int rc = scan_and_report(p.rules, p.pipeline, *source, p.scan, plan);
  // The look-alike pass reads the staged changes again with the format checks off: only
  // worth it when a candidate failed one.
  if (mode == GitMode::staged && rc == exit_clean && stats.format_rejects > 0)
    hint_lookalikes(o, p);
  return rc;
}

} // namespace

std::vector<Command> add_git_commands(CLI::App& app) {
  auto options = std::make_shared<GitOptions>();
  CLI::App* cmd = app.add_subcommand(
      "git", "Scan a git repository: staged changes, a range, a push, or all history");
  cmd->add_option("repo", options->repo, "A directory in the repository (default: .)");
  auto* staged = cmd->add_flag("--staged", options->staged,
                               "Lines added in the index (what `git commit` would add)");
  auto* range = cmd->add_option("--range", options->range,
                                "BASE..HEAD: the lines each commit of the range adds")
                    ->type_name("BASE..HEAD");
  auto* push = cmd->add_flag("--pre-push", options->pre_push,
                             "What a push sends (git's pre-push lines on stdin)");
  staged->excludes(range)->excludes(push);
  range->excludes(push);
  cmd->add_flag("--all-objects", options->all_objects,
                "History: also blobs no ref reaches (unreachable, dangling)");
  cmd->add_option("--since", options->since, "History: commits from this date (YYYY-MM-DD)")
      ->type_name("DATE");
  cmd->add_option("--max-commits", options->max_commits, "History: the N newest commits");
  cmd->add_option("--config-from", options->config_from,
                  "History: read the policy (.keysift.toml, baselines, ignore files) from "
                  "this revision, and report what HEAD's weakens");
  cmd->add_option("--shard", options->shard,
                  "History: scan shard I of N (from 0) of the blobs, for `keysift report "
                  "merge`")
      ->type_name("I/N");
  cmd->add_option("--branch", options->branches,
                  "History: walk only from this ref (repeatable)")
      ->allow_extra_args(false)
      ->type_name("REF");
  add_scan_options(*cmd, options->scan);
  std::vector<Command> out{{cmd, [options] { return run_git(*options); }}};
  auto more = add_install_hooks_command(app);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

} // namespace keysift::cli
