#include "cli/ways_out.h"

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "policy/baseline.h"
#include "policy/weakening.h"
#include "reporters/display.h"

namespace keysift::cli {
namespace {

std::string extension(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::string_view name =
      path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const std::size_t dot = name.rfind('.');
  std::string ext(dot == std::string_view::npos ? name : name.substr(dot + 1));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext;
}

bool one_of(const std::string& ext, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), ext) != list.end();
}

const char* gate_words(Gate g) {
  switch (g) {
  case Gate::commit:
    return "this commit would add";
  case Gate::push:
    return "this push sends";
  case Gate::range:
    return "this range adds";
  case Gate::scan:
    return "keysift found";
  }
  return "keysift found";
}

std::string remove_step(Gate g) {
  if (g == Gate::commit) return "edit the file, then `git add` it again";
  if (g == Gate::scan) return "delete it from the file";
  return "rewrite the commits that add it (git rebase -i, git commit --amend), so it is in "
         "no commit you push";
}

std::string one_finding(const scanner::ScanReport& report, const scanner::Finding& f,
                        const WaysOutContext& c) {
  const std::string id = report.rule(f).id;
  const std::string path = reporters::terminal_safe(f.path());
  const std::string baseline = c.baseline.empty() ? "keysift.baseline" : c.baseline;
  std::string out = fmt::format("  {}:{}  {}  ({})\n", path, f.line, id, f.fingerprint);
  out += fmt::format(
      "    rotate:   if it is real, revoke it where it was issued and use a new "
      "one; then {}.\n",
      remove_step(c.gate));
  out +=
      fmt::format("    comment:  not a secret (a fixture, an example)? end its line with\n"
                  "                {}\n",
                  allow_comment_for(f.path(), id));
  out += fmt::format("    baseline: accept it: {} --baseline {} --update-baseline\n"
                     "              (or add the line: {})\n",
                     c.command, baseline,
                     policy::format_entry({f.fingerprint, "", "", "", "WHY", 0}));
  out += fmt::format("    config:   or in .keysift.toml:\n"
                     "                [[allowlists]]\n"
                     "                globs = [\"{}\"]\n"
                     "                rules = [\"{}\"]\n",
                     path, id);
  return out;
}

} // namespace

std::string allow_comment_for(std::string_view path, std::string_view rule_id) {
  const std::string ext = extension(path);
  const std::string marker = fmt::format("keysift:allow {} -- WHY", rule_id);
  if (one_of(ext, {"html", "htm", "xml", "md", "markdown", "svg", "vue", "xhtml"}))
    return "<!-- " + marker + " -->";
  if (one_of(ext, {"css", "scss", "less"})) return "/* " + marker + " */";
  if (one_of(ext, {"sql", "lua", "hs", "elm"})) return "-- " + marker;
  if (one_of(ext,
             {"c",     "h",    "cc",  "cpp",    "hpp",    "cs",    "java", "kt",  "kts",
              "go",    "rs",   "js",  "jsx",    "ts",     "tsx",   "mjs",  "cjs", "swift",
              "scala", "dart", "php", "groovy", "gradle", "json5", "proto"}))
    return "// " + marker;
  if (one_of(ext, {"ini", "properties"})) return "; " + marker;
  if (one_of(ext, {"bat", "cmd"})) return "REM " + marker;
  if (one_of(ext, {"tex", "erl"})) return "% " + marker;
  return "# " + marker; // shells, Python, Ruby, YAML, TOML, .env, Dockerfile, Makefile, …
}

std::string ways_out(const scanner::ScanReport& report, const WaysOutContext& c) {
  std::size_t secrets = 0, weakened = 0;
  for (const auto& f : report.findings)
    (report.rule(f).id == policy::weakened_rule_id ? weakened : secrets) += 1;
  std::string out;
  if (secrets > 0) {
    out += fmt::format("\nkeysift: {} {} secret{}. For each, either:\n", gate_words(c.gate),
                       secrets, secrets == 1 ? "" : "s");
    for (const auto& f : report.findings)
      if (report.rule(f).id != policy::weakened_rule_id) out += one_finding(report, f, c);
    if (c.policy_from_base)
      out +=
          "  In a range or a push, .keysift.toml, baselines and ignore files are read from "
          "the base:\n  an entry added by these commits takes effect once merged. An allow "
          "comment counts now.\n";
    out += "  Bypassing the check (--no-verify) leaves the secret in history.\n";
  }
  if (weakened > 0)
    out += fmt::format("\nkeysift: these commits weaken the project's keysift policy ({} "
                       "config-weakened finding{} above): a reviewer must accept that.\n",
                       weakened, weakened == 1 ? "" : "s");
  return out;
}

} // namespace keysift::cli
