// A project's configuration: what a .keysift.toml (or a gitleaks config, see
// policy/gitleaks_config.h) asks of keysift, as plain data, before it is applied to the
// built-in pack (policy/effective_config.h). Every value remembers where it was
// written, so errors and `keysift config check` can say file:line:column.
//
//   [[rules]]            rules added (one with a built-in rule's id replaces it)
//   [disable]            rules = ["id", ...], tags = ["generic", ...]
//   [[override]]         id = "..."; severity, min_entropy, paths (replace the rule's)
//   [allowlist]          one allowlist (the older form; same keys as below)
//   [[allowlists]]       description, target (secret|match|line), regexes, stopwords,
//                        paths (regexes), globs (policy/glob.h), commits,
//                        rules (only these rule ids; default every rule),
//                        condition ("any": one check suffices, the default;
//                        "all": every kind of check given must pass)
//   baseline = "FILE"    a baseline every run uses (relative to the config's directory)
//   [gate]               exempt_contexts = ["test", "docs", "example"]: findings there
//                        are reported but leave the exit code alone
//   use_builtin = false  run only the config's rules, not the built-in pack
// Unknown keys and malformed values are errors. The config is untrusted input (a pull
// request can change it): the parser bounds its size and checks every regex and glob.
// Pure functions; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "rules/status.h"

namespace keysift::policy {

// A value from a config file and where it was written ("file:line:column").
struct Located {
  std::string value;
  std::string where;
  bool operator==(const Located&) const = default;
};

struct PolicyAllowlist {
  std::string description;
  std::string where; // of the table
  rules::AllowTarget target = rules::AllowTarget::secret;
  bool require_all = false; // condition = "all" (gitleaks' AND)
  std::vector<Located> regexes;
  std::vector<Located> stopwords; // lower-case
  std::vector<Located> paths;     // regexes on the path
  std::vector<Located> globs;     // globs on the path relative to the root
  std::vector<Located> commits;   // full commit ids (a prefix of 7+ hex digits matches)
  std::vector<Located> rule_ids;  // empty: every rule

  bool empty() const {
    return regexes.empty() && stopwords.empty() && paths.empty() && globs.empty() &&
           commits.empty();
  }
};

struct RuleOverride {
  Located id;
  std::optional<Located> severity;
  std::optional<double> min_entropy;
  std::string min_entropy_where;
  std::optional<std::vector<Located>> paths;
};

struct ProjectConfig {
  enum class Format { keysift, gitleaks };
  std::string origin; // the file, for messages ("" when there is none)
  Format format = Format::keysift;
  bool use_builtin = true; // a gitleaks config without [extend] useDefault: only its rules
  std::vector<rules::Rule> rules;
  std::vector<Located> disabled_rules, disabled_tags;
  std::vector<RuleOverride> overrides;
  std::vector<PolicyAllowlist> allowlists;
  std::optional<Located> baseline;
  std::vector<std::string> exempt_contexts; // [gate]
  std::string exempt_contexts_where;
  std::vector<std::string> warnings; // what was read but is not supported (gitleaks)
};

struct ConfigLimits {
  std::size_t max_bytes = 16u << 20;
};

// Parses a keysift-format config.
Result<ProjectConfig> parse_keysift_config(std::string_view text, std::string_view origin,
                                           ConfigLimits limits = {});

// Reads a file a gitleaks [extend] path names (as written in the config).
using ConfigFileLoader = std::function<Result<std::string>(const std::string& path)>;

// Parses a config in either format, recognising gitleaks' by its keys
// (policy/gitleaks_config.h). `load` reads the files a gitleaks [extend] path names.
Result<ProjectConfig> parse_config(std::string_view text, std::string_view origin,
                                   const ConfigFileLoader& load = {},
                                   ConfigLimits limits = {});

} // namespace keysift::policy
