// What a run takes from the project it scans: the config (.keysift.toml, --config or
// KEYSIFT_CONFIG; keysift's format or gitleaks'), baselines (--baseline and the config's
// `baseline`), .keysiftignore and .gitleaksignore — read from disk, or for a range or a
// push from the base revision (a FileSource over its tree), so the commits under review
// cannot weaken what checks them. Errors are returned, never printed here. Not
// thread-safe; the Suppressor it builds is shared by the run (see policy/suppressor.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/policy_run.h"
#include "policy/effective_config.h"
#include "policy/suppressor.h"
#include "policy/weakening.h"
#include "rules/status.h"
#include "scanner/compiled_rules.h"
#include "scanner/gate.h"

namespace keysift::cli {

// Reads a file by its path relative to the project root; nullopt when there is none.
using FileSource =
    std::function<Result<std::optional<std::string>>(const std::string& rel)>;

// Files under `root` on disk.
FileSource disk_files(std::string root);

struct ProjectSpec {
  std::string config;   // a config file on disk (--config, KEYSIFT_CONFIG); "": discover
  std::string root;     // the project root on disk: where .keysift.toml is looked for
  FileSource files;     // the project's files (default: disk_files(root))
  std::string revision; // what `files` reads from, for messages ("" : the disk)
  std::vector<std::string> baselines; // --baseline files
  // For --baseline files inside `root`: read them through `files` (a base revision).
  bool baselines_through_files = false;
  std::string path_root; // findings' paths are made relative to it ("": already relative)
};

struct Project {
  policy::PolicyFiles files; // as read (a range compares its base's to its head's)
  policy::EffectiveConfig effective;
  std::shared_ptr<policy::Suppressor> suppressor;
  std::string config_origin;   // "" when there is none
  std::string baseline_target; // the file --update-baseline/--prune-baseline write
  std::vector<std::string> warnings;
};

// KEYSIFT_CONFIG when `explicit_config` is empty.
std::string config_from_env(const std::string& explicit_config);

// Reads the project's policy files (a config that does not load is an error).
Result<policy::PolicyFiles> read_policy_files(const ProjectSpec& spec,
                                              std::string* baseline_target = nullptr);

// Reads the files, applies the config to the built-in pack, builds the suppression stage.
Result<Project> load_project(const ProjectSpec& spec);

// A project ready to scan with: its rules compiled, its suppression stage, the options of
// the run's gate (scanner/gate.h: the command line's --scan-binary and --max-size, the
// config's allowlists for every rule; the rules' global allowlist is the gate's own).
struct PreparedRun {
  std::shared_ptr<const scanner::CompiledRules> rules;
  RunPolicy policy;
  scanner::GateOptions gate;
  std::vector<std::string> exempt_contexts; // the config's [gate] exempt_contexts
};

// Compiles the project's rules and checks the baseline flags (`diff`: a diff check).
Result<PreparedRun> prepare_run(Project project, const ScanOptions& options, bool diff);

// Today's date (UTC), YYYY-MM-DD: baseline entries that expired before it do not apply.
std::string today_utc();

} // namespace keysift::cli
