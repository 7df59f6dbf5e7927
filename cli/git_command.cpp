// `keysift git`: the staged changes (pre-commit), a range (pull requests), what a push
// sends (pre-push), or the whole history (an audit). Reads objects in-process with
// libgit2: never spawns git.
#include <algorithm>
#include <iostream>
#include <thread>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/git_options.h"
#include "cli/report.h"
#include "git/commit_meta.h"
#include "git/commit_select.h"
#include "git/group_findings.h"
#include "git/history_source.h"
#include "git/range_source.h"
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

// What a blocked developer can do: shown on stderr whenever a diff check finds a secret.
void print_ways_out(GitMode mode) {
  const bool commit = mode == GitMode::staged;
  std::cerr << fmt::format(
      "\nkeysift: {} {} a secret (the findings above say what and where).\n"
      "Ways out:\n"
      "  1. Remove it: {}. If the secret was ever real, revoke and rotate it.\n"
      "  2. Not a secret (a test fixture, an example)? Put a `keysift:allow` comment on "
      "its line.\n"
      "  3. Or allowlist it in .keysift.toml: [allowlist] paths = ['''...'''] or "
      "regexes = ['''...'''].\n"
      "  (A baseline of accepted findings does not exist in keysift yet.)\n"
      "  Bypassing the check (--no-verify) leaves the secret in history.\n",
      commit ? "this commit" : (mode == GitMode::pre_push ? "this push" : "this range"),
      commit ? "would add" : "adds",
      commit ? "edit the file, then `git add` it again"
             : "rewrite the commits that add it (git rebase -i, git commit --amend)");
}

Status check_flags(const GitOptions& o) {
  const int modes = int{o.staged} + int{!o.range.empty()} + int{o.pre_push};
  if (modes > 1) return Status::error("choose one of --staged, --range and --pre-push");
  const bool history_only =
      o.all_objects || !o.since.empty() || o.max_commits != 0 || !o.branches.empty();
  if (modes == 1 && history_only)
    return Status::error(
        "--all-objects, --since, --max-commits and --branch apply to the history audit "
        "(no mode flag)");
  return Status::ok();
}

struct Prepared {
  std::shared_ptr<const scanner::CompiledRules> rules;
  scanner::PipelineOptions pipeline;
  reporters::Format format = reporters::Format::text;
  git::PathFilter skip_path;
  ScanOptions scan; // the command line's, with the config's gate exemptions
};

Result<Prepared> prepare(const GitOptions& o) {
  if (auto repo = git::open_repository(o.repo); !repo) return repo.status();
  Prepared p;
  auto format = reporters::parse_format(o.scan.format);
  if (!format) return format.status();
  p.format = *format;
  auto set = load_rule_set(find_config(o.scan.config, {o.repo}));
  if (!set) return set.status();
  p.scan = o.scan;
  p.scan.exempt_contexts = exempt_contexts(o.scan.exempt_contexts, *set);
  auto compiled = compile_rule_set(std::move(set).value());
  if (!compiled) return compiled.status();
  p.rules = *compiled;
  auto gate = std::make_shared<scanner::Confirmer>(p.rules);
  p.skip_path = [gate](std::string_view path) { return gate->path_allowlisted(path); };
  p.pipeline.threads = o.scan.threads;
  p.pipeline.scan_binary = o.scan.scan_binary;
  p.pipeline.decode_depth = o.scan.decode_depth;
  p.pipeline.stream_threshold = o.scan.stream_threshold_mb << 20;
  return p;
}

// The commits a range or a push selects; prints "0 commits" when there are none.
Result<std::vector<git_oid>> diff_commits(const GitOptions& o, GitMode mode) {
  auto repo = git::open_repository(o.repo);
  if (!repo) return repo.status();
  std::size_t refs = 0;
  auto commits = mode == GitMode::range
                     ? git::range_commits(repo->get(), o.range)
                     : git::pre_push_commits(repo->get(), std::cin, refs);
  if (!commits) return commits;
  const std::string what = mode == GitMode::range ? "in " + o.range
                                                  : fmt::format("to push ({} ref{})", refs,
                                                                refs == 1 ? "" : "s");
  std::cerr << fmt::format("keysift: {} commit{} {}{}\n", commits->size(),
                           commits->size() == 1 ? "" : "s", what,
                           commits->empty() ? ": nothing to scan" : "");
  return commits;
}

int run_history(const GitOptions& o, const Prepared& p) {
  git::HistoryOptions h;
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
  h.skip_path = p.skip_path;
  h.tasks = p.pipeline.threads != 0 ? p.pipeline.threads
                                    : std::max(1u, std::thread::hardware_concurrency());
  git::HistorySource source(h);
  ReportPlan plan;
  plan.format = p.format;
  plan.empty = EmptyRun::clean;
  plan.transform = [show = o.scan.show_secrets](scanner::ScanReport& report) {
    git::group_findings(report.findings);
    if (!show) reporters::redact_commit_messages(report);
  };
  plan.requested.mode = "git history";
  plan.requested.targets =
      o.branches.empty() ? std::vector<std::string>{"every ref"} : o.branches;
  if (o.all_objects) plan.requested.targets.push_back("unreachable objects");
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

int run_git(const GitOptions& o) {
  if (auto st = check_flags(o); !st) return fail(st.message());
  auto prepared = prepare(o);
  if (!prepared) return fail(prepared.error());
  const Prepared& p = *prepared;
  const GitMode mode = mode_of(o);
  if (mode == GitMode::history) return run_history(o, p);
  std::unique_ptr<scanner::Source> source;
  ReportPlan plan;
  plan.format = p.format;
  plan.empty = EmptyRun::clean;
  plan.requested.mode = mode == GitMode::staged  ? "git staged"
                        : mode == GitMode::range ? "git range"
                                                 : "git pre-push";
  plan.requested.targets = {mode == GitMode::range ? o.range : o.repo};
  if (mode == GitMode::staged) {
    source = std::make_unique<git::StagedSource>(o.repo, o.scan.scan_binary, p.skip_path);
  } else {
    auto commits = diff_commits(o, mode);
    if (!commits) return fail(commits.error());
    plan.requested.units["commits"] = commits->size();
    // Messages are scanned too: what is found in one is masked in every report's
    // "message" (so findings are written once the scan is done, not streamed).
    if (!o.scan.show_secrets)
      plan.transform = [](scanner::ScanReport& report) {
        reporters::redact_commit_messages(report);
      };
    source = std::make_unique<git::RangeSource>(o.repo, std::move(commits).value(),
                                                o.scan.scan_binary, p.skip_path);
  }
  const int rc = scan_and_report(p.rules, p.pipeline, *source, p.scan, plan);
  if (rc == o.scan.exit_code && rc != exit_clean && rc != exit_error &&
      rc != exit_incomplete)
    print_ways_out(mode);
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
