#include "cli/git_policy.h"

#include <iostream>

#include <fmt/core.h>

#include "git/revision_file.h"
#include "rules/builtin.h"

namespace keysift::cli {
namespace {

FileSource no_files() {
  return [](const std::string&) -> Result<std::optional<std::string>> {
    return std::optional<std::string>();
  };
}

std::string short_id(const std::string& id) {
  return id.substr(0, 12);
}

// The head's policy files; one that does not load is reported, not fatal (the base
// decides this run), and compared as if absent.
policy::PolicyFiles head_files(const ProjectSpec& spec) {
  auto files = read_policy_files(spec);
  if (files) return std::move(files).value();
  std::cerr << "keysift: warning: " << files.error()
            << " (the base's policy decides this check)\n";
  policy::PolicyFiles out;
  out.config_error = files.error();
  return out;
}

} // namespace

FileSource revision_files(std::string repo_path, std::string rev) {
  return [repo_path = std::move(repo_path), rev = std::move(rev)](
             const std::string& rel) -> Result<std::optional<std::string>> {
    auto repo = git::open_repository(repo_path);
    if (!repo) return repo.status();
    return git::read_file_at(repo->get(), rev, rel);
  };
}

Result<PreparedRun> prepare_git_run(const GitPolicySpec& g, const ScanOptions& options,
                                    bool diff) {
  auto repo = git::open_repository(g.repo);
  if (!repo) return repo.status();
  const std::string work_tree = git::work_tree(repo->get());
  ProjectSpec spec;
  spec.config = config_from_env(options.config);
  spec.root = work_tree.empty() ? g.repo : work_tree;
  spec.baselines = options.baselines;
  std::string base_label;
  if (g.from_revision) {
    spec.baselines_through_files = true;
    if (g.base.empty()) {
      spec.files = no_files();
      spec.revision = "(no base)";
    } else {
      auto id = git::commit_id(repo->get(), g.base);
      if (!id) return id.status();
      spec.files = revision_files(g.repo, *id);
      spec.revision = short_id(*id);
    }
  } else {
    spec.files = disk_files(spec.root);
  }
  auto project = load_project(spec);
  if (!project) return project.status();
  policy::PolicyFiles base_files = project->files;
  auto run = prepare_run(std::move(project).value(), options, diff);
  if (!run || g.head.empty()) return run;
  // The repository's own files at base and head: --config, which decides, is no
  // repository file, and whether it is given changes nothing here.
  auto head_id = git::commit_id(repo->get(), g.head);
  if (!head_id) return head_id.status();
  ProjectSpec base_spec = spec, head_spec = spec;
  base_spec.config.clear();
  head_spec.config.clear();
  head_spec.files = revision_files(g.repo, *head_id);
  head_spec.revision = short_id(*head_id);
  if (!spec.config.empty()) {
    auto b = read_policy_files(base_spec);
    if (!b) return b.status();
    base_files = std::move(b).value();
  }
  auto pack = rules::load_builtin();
  if (!pack) return pack.status();
  auto weakened = policy::find_weakenings(*pack, base_files, head_files(head_spec));
  // Findings name the head's file by its path; the revision is in their description.
  const std::string prefix = head_spec.revision + ":";
  for (auto& w : weakened)
    if (w.file.rfind(prefix, 0) == 0) w.file.erase(0, prefix.size());
  if (!weakened.empty()) {
    const std::string label =
        fmt::format("{} against {}", short_id(*head_id), spec.revision);
    run->policy.add_findings = [weakened, label](scanner::ScanReport& report) {
      policy::add_weakening_findings(report, weakened, label);
    };
  }
  return run;
}

} // namespace keysift::cli
