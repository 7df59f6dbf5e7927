#include "cli/config.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "cli/project.h"
#include "rules/builtin.h"
#include "rules/loader.h"

namespace keysift::cli {
namespace fs = std::filesystem;

std::string find_config(const std::string& explicit_path,
                        const std::vector<std::string>& paths) {
  if (!explicit_path.empty()) return explicit_path;
  std::error_code ec;
  for (const auto& p : paths) {
    if (p == "-" || !fs::is_directory(p, ec)) continue;
    const fs::path candidate = fs::path(p) / ".keysift.toml";
    return fs::is_regular_file(candidate, ec) ? candidate.string() : std::string();
  }
  return fs::is_regular_file(".keysift.toml", ec) ? ".keysift.toml" : "";
}

std::string project_root(const std::vector<std::string>& paths) {
  std::error_code ec;
  for (const auto& p : paths)
    if (p != "-" && fs::is_directory(p, ec)) return p;
  return ".";
}

Result<rules::RuleSet> load_rule_set(const std::string& config_path) {
  if (config_path.empty()) {
    auto set = rules::load_builtin();
    if (!set) return Status::error("built-in rules: " + set.error());
    return set;
  }
  ProjectSpec spec;
  spec.config = config_path;
  spec.root = ".";
  spec.files = [](const std::string&) -> Result<std::optional<std::string>> {
    return std::optional<std::string>(); // the config alone: no baselines, no ignore files
  };
  auto project = load_project(spec);
  if (!project) return project.status();
  return std::move(project->effective.rules);
}

std::vector<std::string> exempt_contexts(const std::vector<std::string>& from_flag,
                                         const std::vector<std::string>& from_config) {
  return from_flag.empty() ? from_config : from_flag;
}

Result<std::shared_ptr<const scanner::CompiledRules>> compile_rule_set(rules::RuleSet set) {
  return scanner::CompiledRules::compile(std::move(set), {db_cache_dir()});
}

bool db_cache_off() {
  const char* off = std::getenv("KEYSIFT_NO_DB_CACHE");
  return off && *off && *off != '0';
}

void set_up_db_cache(std::span<const scanner::CacheSeed> seed) {
  if (!db_cache_off()) scanner::set_cache_seed(seed);
  const char* target = std::getenv("KEYSIFT_DB_TARGET");
  if (target && std::string_view(target) == "generic")
    scanner::set_db_target(scanner::DbTarget::generic);
}

std::string db_cache_dir() {
  if (db_cache_off()) return {};
  if (const char* d = std::getenv("KEYSIFT_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/')
    return std::string(x) + "/keysift";
  if (const char* h = std::getenv("HOME"); h && *h == '/')
    return std::string(h) + "/.cache/keysift";
  return {};
}

} // namespace keysift::cli
