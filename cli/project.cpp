#include "cli/project.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "cli/config.h"
#include "rules/builtin.h"
#include "scanner/confirmer.h"

namespace keysift::cli {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t max_policy_file = 32u << 20; // as policy/ bounds them

Result<std::optional<std::string>> read_disk(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<std::string>();
  if (!fs::is_regular_file(path, ec)) return Status::error(path.string() + ": not a file");
  if (const auto size = fs::file_size(path, ec); size > max_policy_file)
    return Status::error(fmt::format("{}: {} bytes, more than keysift reads for a policy "
                                     "file ({})",
                                     path.string(), size, max_policy_file));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return Status::error(path.string() + ": cannot read");
  return std::optional<std::string>(buf.str());
}

// A file named by a config: relative to the config's directory, read where the config
// was (through the project's files, or on disk for --config).
struct ConfigPlace {
  bool on_disk = true;
  fs::path dir; // on disk: the config's directory; in the project: relative to its root
};

Result<std::optional<std::string>> read_near(const ProjectSpec& spec, const ConfigPlace& at,
                                             const std::string& name) {
  if (at.on_disk) return read_disk(at.dir / name);
  return spec.files((at.dir / name).lexically_normal().generic_string());
}

std::string label(const ProjectSpec& spec, const std::string& rel) {
  return spec.revision.empty() ? (fs::path(spec.root) / rel).lexically_normal().string()
                               : spec.revision + ":" + rel;
}

// The path of `file` relative to `root` when it lies inside it.
std::optional<std::string> inside(const std::string& root, const std::string& file) {
  std::error_code ec;
  const fs::path r = fs::weakly_canonical(root, ec), f = fs::weakly_canonical(file, ec);
  const fs::path rel = f.lexically_relative(r);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel.generic_string();
}

Status read_config(const ProjectSpec& spec, policy::PolicyFiles& out, ConfigPlace& place) {
  std::optional<std::string> text;
  std::string origin;
  if (!spec.config.empty()) {
    auto t = read_disk(spec.config);
    if (!t) return t.status();
    if (!*t) return Status::error(spec.config + ": no such config file");
    text = std::move(*t);
    origin = spec.config;
    place = {true, fs::path(spec.config).parent_path()};
  } else {
    auto t = spec.files(".keysift.toml");
    if (!t) return t.status();
    if (!*t) return Status::ok();
    text = std::move(*t);
    origin = label(spec, ".keysift.toml");
    place = {spec.revision.empty(),
             spec.revision.empty() ? fs::path(spec.root) : fs::path()};
  }
  policy::ConfigFileLoader load = [&](const std::string& name) -> Result<std::string> {
    auto t = read_near(spec, place, name);
    if (!t) return t.status();
    if (!*t) return Status::error(name + ": no such file");
    return std::move(**t);
  };
  auto config = policy::parse_config(*text, origin, load);
  if (!config) return config.status();
  out.config = std::move(config).value();
  return Status::ok();
}

Status read_baseline(const std::string& text, const std::string& origin,
                     std::vector<policy::Baseline>& to, bool fingerprints_only) {
  auto b = policy::parse_baseline(text, origin, fingerprints_only);
  if (!b) return b.status();
  to.push_back(std::move(b).value());
  return Status::ok();
}

Status read_baselines(const ProjectSpec& spec, const ConfigPlace& place,
                      policy::PolicyFiles& out, std::string* target) {
  for (const auto& path : spec.baselines) {
    if (target && target->empty()) *target = path;
    Result<std::optional<std::string>> text = std::optional<std::string>();
    std::string origin = path;
    const auto rel = spec.baselines_through_files ? inside(spec.root, path) : std::nullopt;
    if (rel) {
      text = spec.files(*rel);
      origin = label(spec, *rel);
    } else {
      text = read_disk(path);
    }
    if (!text) return text.status();
    // A baseline that does not exist yet is empty (--update-baseline creates it).
    if (*text) {
      if (auto st = read_baseline(**text, origin, out.baselines, false); !st) return st;
    }
  }
  if (!out.config || !out.config->baseline) return Status::ok();
  const std::string& name = out.config->baseline->value;
  auto text = read_near(spec, place, name);
  if (!text) return Status::error(out.config->baseline->where + ": " + text.error());
  if (target && target->empty() && place.on_disk) *target = (place.dir / name).string();
  if (!*text) return Status::ok();
  return read_baseline(**text,
                       place.on_disk ? (place.dir / name).string() : label(spec, name),
                       out.baselines, false);
}

Status read_ignore_files(const ProjectSpec& spec, policy::PolicyFiles& out) {
  auto k = spec.files(".keysiftignore");
  if (!k) return k.status();
  if (*k) {
    if (auto st = read_baseline(**k, label(spec, ".keysiftignore"), out.ignore_files, true);
        !st)
      return st;
  }
  auto g = spec.files(".gitleaksignore");
  if (!g) return g.status();
  if (*g)
    out.gitleaks_ignores.push_back(
        policy::parse_gitleaks_ignore(**g, label(spec, ".gitleaksignore")));
  return Status::ok();
}

} // namespace

FileSource disk_files(std::string root) {
  return [root = std::move(root)](const std::string& rel) {
    return read_disk(fs::path(root.empty() ? "." : root) / rel);
  };
}

std::string config_from_env(const std::string& explicit_config) {
  if (!explicit_config.empty()) return explicit_config;
  const char* env = std::getenv("KEYSIFT_CONFIG");
  return env ? std::string(env) : std::string();
}

Result<policy::PolicyFiles> read_policy_files(const ProjectSpec& spec,
                                              std::string* target) {
  ProjectSpec s = spec;
  if (!s.files) s.files = disk_files(s.root);
  policy::PolicyFiles out;
  ConfigPlace place;
  if (auto st = read_config(s, out, place); !st) return st;
  if (auto st = read_baselines(s, place, out, target); !st) return st;
  if (auto st = read_ignore_files(s, out); !st) return st;
  return out;
}

Result<Project> load_project(const ProjectSpec& spec) {
  Project p;
  auto files = read_policy_files(spec, &p.baseline_target);
  if (!files) return files.status();
  p.files = std::move(files).value();
  auto pack = rules::load_builtin();
  if (!pack) return Status::error("built-in rules: " + pack.error());
  const policy::ProjectConfig none;
  auto effective = policy::apply_config(std::move(pack).value(),
                                        p.files.config ? *p.files.config : none);
  if (!effective) return effective.status();
  p.effective = std::move(effective).value();
  p.warnings = p.effective.warnings;
  if (p.files.config) p.config_origin = p.files.config->origin;
  for (const auto& g : p.files.gitleaks_ignores) {
    p.warnings.insert(p.warnings.end(), g.warnings.begin(), g.warnings.end());
    for (auto& w : policy::unmappable_entries(g)) p.warnings.push_back(std::move(w));
  }
  policy::SuppressionInputs in;
  in.allowlists = p.effective.allowlists;
  in.baselines = p.files.baselines;
  in.ignore_files = p.files.ignore_files;
  in.gitleaks_ignores = p.files.gitleaks_ignores;
  in.root = spec.path_root;
  in.today = today_utc();
  p.suppressor = std::make_shared<policy::Suppressor>(std::move(in));
  return p;
}

Result<PreparedRun> prepare_run(Project project, const ScanOptions& options, bool diff) {
  if (auto st = check_policy_flags(options, diff); !st) return st;
  PreparedRun run;
  run.exempt_contexts = project.effective.rules.exempt_contexts;
  auto compiled = compile_rule_set(std::move(project.effective.rules));
  if (!compiled) return compiled.status();
  run.rules = *compiled;
  run.policy.suppressor = project.suppressor;
  run.policy.diff = diff;
  run.policy.baseline_target = project.baseline_target;
  run.policy.warnings = std::move(project.warnings);
  run.gate.scan_binary = options.scan_binary;
  run.gate.max_size = options.max_size;
  run.gate.skip_path = [suppressor = project.suppressor](std::string_view path) {
    return suppressor->skip_path(path);
  };
  return run;
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

} // namespace keysift::cli
