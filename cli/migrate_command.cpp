// `keysift migrate gitleaks [REPO]`: the switch from gitleaks as one reviewable change.
// Prints (or with --write, writes) the .keysift.toml equivalent to the repository's
// gitleaks config, and a keysift baseline holding, content-keyed, the findings its
// .gitleaksignore accepted: each entry's file (at its commit, for the commit form) is
// scanned and the finding starting on its line becomes a fingerprint that survives moved
// lines, unlike the entry it replaces. What cannot be carried over is said, entry by entry.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/git_policy.h"
#include "cli/project.h"
#include "cli/report.h"
#include "git/revision_file.h"
#include "policy/config_writer.h"
#include "policy/gitleaks_rules.h"
#include "rules/builtin.h"
#include "scanner/pipeline.h"
#include "scanner/sources/memory.h"

namespace keysift::cli {
namespace fs = std::filesystem;
namespace {

struct MigrateOptions {
  std::string repo = ".";
  std::string config; // default: REPO/.gitleaks.toml
  std::string ignore; // default: REPO/.gitleaksignore
  bool write = false;
  bool force = false;
};

struct Migration {
  policy::ProjectConfig config;
  std::vector<policy::BaselineEntry> baseline;
  std::vector<std::string> notes;
};

Result<std::optional<std::string>> read_optional(const fs::path& path) {
  return disk_files("")(path.string());
}

// The text of an ignore entry's file: at its commit, or in the work tree.
Result<std::string> entry_text(const std::string& repo,
                               const policy::GitleaksIgnoreEntry& e) {
  Result<std::optional<std::string>> text = std::optional<std::string>();
  if (!e.commit.empty())
    text = revision_files(repo, e.commit)(e.file);
  else
    text = read_optional(fs::path(repo) / e.file);
  if (!text) return text.status();
  if (!*text)
    return Status::error(e.file + ": not found" +
                         (e.commit.empty() ? "" : " in commit " + e.commit));
  return std::move(**text);
}

void carry_ignore(const std::string& repo, const policy::GitleaksIgnore& ignore,
                  const policy::EffectiveConfig& effective, Migration& m) {
  auto compiled = compile_rule_set(effective.rules);
  if (!compiled) return m.notes.push_back("rules do not compile: " + compiled.error());
  std::vector<scanner::Chunk> chunks;
  std::map<const scanner::Origin*, const policy::GitleaksIgnoreEntry*> of;
  for (const auto& e : ignore.entries) {
    auto text = entry_text(repo, e);
    if (!text) {
      m.notes.push_back(
          fmt::format("{}:{}: not carried over: {}", ignore.origin, e.at, text.error()));
      continue;
    }
    scanner::Chunk c;
    c.origin = scanner::make_origin(scanner::FileOrigin{e.file});
    c.data = std::move(text).value();
    of[c.origin.get()] = &e;
    chunks.push_back(std::move(c));
  }
  scanner::sources::MemorySource source(std::move(chunks));
  auto report = scanner::Pipeline(*compiled, {}).run(source);
  std::map<const policy::GitleaksIgnoreEntry*, std::vector<const scanner::Finding*>>
      at_line;
  for (const auto& f : report.findings)
    if (auto it = of.find(f.origin.get()); it != of.end() && f.line == it->second->line)
      at_line[it->second].push_back(&f);
  for (const auto& [ptr, e] : of) {
    // The keysift rules standing for the entry's rule: a default rule's equivalents, or
    // the team's own rule, which keeps its id.
    const auto& mapping = policy::map_gitleaks_rule(e->rule);
    const std::vector<std::string> ids =
        mapping.known ? mapping.keysift_ids : std::vector<std::string>{e->rule};
    const scanner::Finding* pick = nullptr;
    for (const auto* f : at_line[e])
      if (std::find(ids.begin(), ids.end(), report.rule(*f).id) != ids.end()) pick = f;
    const std::string key = fmt::format(
        "{}{}{}:{}:{}", e->commit, e->commit.empty() ? "" : ":", e->file, e->rule, e->line);
    if (!pick) {
      m.notes.push_back(fmt::format("{}:{}: {}: keysift finds nothing on that line: not "
                                    "carried over",
                                    ignore.origin, e->at, key));
      continue;
    }
    m.baseline.push_back(
        {pick->fingerprint, "", "", "", fmt::format("from .gitleaksignore: {}", key), 0});
  }
}

Result<Migration> migrate(const MigrateOptions& o) {
  Migration m;
  const fs::path config_path =
      o.config.empty() ? fs::path(o.repo) / ".gitleaks.toml" : fs::path(o.config);
  auto text = read_optional(config_path);
  if (!text) return text.status();
  if (*text) {
    policy::ConfigFileLoader load = [&](const std::string& name) -> Result<std::string> {
      auto t = read_optional(config_path.parent_path() / name);
      if (!t) return t.status();
      if (!*t) return Status::error(name + ": no such file");
      return std::move(**t);
    };
    auto config = policy::parse_config(**text, config_path.string(), load);
    if (!config) return config.status();
    m.config = std::move(config).value();
  } else {
    m.notes.push_back(config_path.string() +
                      ": none; gitleaks' default rules are keysift's "
                      "built-in pack");
  }
  auto pack = rules::load_builtin();
  if (!pack) return pack.status();
  auto effective = policy::apply_config(*pack, m.config);
  if (!effective) return effective.status();
  m.notes.insert(m.notes.end(), effective->warnings.begin(), effective->warnings.end());
  const fs::path ignore_path =
      o.ignore.empty() ? fs::path(o.repo) / ".gitleaksignore" : fs::path(o.ignore);
  auto ignore_text = read_optional(ignore_path);
  if (!ignore_text) return ignore_text.status();
  if (*ignore_text) {
    const auto ignore = policy::parse_gitleaks_ignore(**ignore_text, ignore_path.string());
    m.notes.insert(m.notes.end(), ignore.warnings.begin(), ignore.warnings.end());
    carry_ignore(o.repo, ignore, *effective, m);
  }
  if (!m.baseline.empty()) m.config.baseline = policy::Located{"keysift.baseline", ""};
  return m;
}

Status write_new(const fs::path& path, const std::string& text, bool force) {
  std::error_code ec;
  if (fs::exists(path, ec) && !force)
    return Status::error(path.string() + " exists (--force replaces it)");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Status::error(path.string() + ": cannot write");
  return Status::ok();
}

int run_migrate(const MigrateOptions& o) {
  auto m = migrate(o);
  if (!m) return fail(m.error());
  const std::string config = policy::write_keysift_config(
      m->config, "keysift config, from `keysift migrate gitleaks`: review it like code.\n"
                 "Rules from gitleaks carry a placeholder example: "
                 "replace it, then run `keysift rules check --config .keysift.toml`.");
  const std::string baseline = policy::format_baseline(m->baseline);
  for (const auto& n : m->notes) std::cerr << "keysift: " << n << '\n';
  if (!o.write) {
    std::cout << config;
    if (!m->baseline.empty()) std::cout << "\n# ---- keysift.baseline ----\n" << baseline;
    return exit_clean;
  }
  if (auto st = write_new(fs::path(o.repo) / ".keysift.toml", config, o.force); !st)
    return fail(st.message());
  std::cerr << fmt::format("keysift: wrote {}\n",
                           (fs::path(o.repo) / ".keysift.toml").string());
  if (!m->baseline.empty()) {
    const fs::path b = fs::path(o.repo) / "keysift.baseline";
    if (auto st = write_new(b, baseline, o.force); !st) return fail(st.message());
    mark_union_merge(b.string());
    std::cerr << fmt::format("keysift: wrote {} ({} entries)\n", b.string(),
                             m->baseline.size());
  }
  return exit_clean;
}

} // namespace

std::vector<Command> add_migrate_commands(CLI::App& app) {
  auto options = std::make_shared<MigrateOptions>();
  CLI::App* migrate = app.add_subcommand("migrate", "Take over another scanner's setup");
  migrate->require_subcommand(1);
  CLI::App* cmd = migrate->add_subcommand(
      "gitleaks", "Print (or --write) the .keysift.toml and baseline equivalent to a "
                  "repository's gitleaks config and .gitleaksignore");
  cmd->add_option("repo", options->repo, "The repository (default: .)");
  cmd->add_option("--config", options->config,
                  "The gitleaks config (default: REPO/.gitleaks.toml)");
  cmd->add_option("--ignore", options->ignore,
                  "The .gitleaksignore (default: REPO/.gitleaksignore)");
  cmd->add_flag(
      "--write", options->write,
      "Write REPO/.keysift.toml and REPO/keysift.baseline instead of printing them");
  cmd->add_flag("--force", options->force, "With --write: replace existing files");
  return {{cmd, [options] { return run_migrate(*options); }}};
}

} // namespace keysift::cli
