// `keysift install-hooks [REPO] [--force]`: writes the pre-commit and pre-push hooks into
// the repository's hooks directory (core.hooksPath if set, else .git/hooks). A hook that
// keysift did not write is never replaced without --force (and then kept as a backup).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

#include <fmt/core.h>

#include "cli/git_options.h"
#include "cli/hook_scripts.h"
#include "cli/report.h"
#include "git/hooks_dir.h"

namespace keysift::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view hook_names[] = {"pre-commit", "pre-push"};
constexpr std::string_view our_marker = "# keysift-hook:";
constexpr std::string_view keysift_line = "KEYSIFT=\"${KEYSIFT:-keysift}\"";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The script, set to run this keysift binary (PATH's keysift when it cannot tell).
std::string hook_text(std::string_view name) {
  std::string text(hook_script(name));
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (const auto at = text.find(keysift_line); !ec && at != std::string::npos)
    text.replace(at, keysift_line.size(), "KEYSIFT=\"${KEYSIFT:-" + self.string() + "}\"");
  return text;
}

Status write_hook(const fs::path& path, const std::string& text, bool backup) {
  std::error_code ec;
  if (backup) {
    fs::path saved = path;
    saved += ".keysift-backup";
    fs::rename(path, saved, ec);
    if (ec) return Status::error(path.string() + ": cannot back up: " + ec.message());
    std::cerr << "keysift: kept the previous hook as " << saved.string() << '\n';
  }
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return Status::error(path.string() + ": cannot write");
  }
  fs::permissions(path,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  if (ec) return Status::error(path.string() + ": cannot make executable: " + ec.message());
  return Status::ok();
}

int run_install_hooks(const InstallHooksOptions& o) {
  auto dir = git::hooks_directory(o.repo);
  if (!dir) return fail(dir.error());
  std::error_code ec;
  fs::create_directories(*dir, ec);
  if (ec) return fail(*dir + ": " + ec.message());
  // Check every hook before writing any: all or nothing.
  std::vector<std::string> foreign;
  for (auto name : hook_names) {
    const fs::path path = fs::path(*dir) / name;
    if (fs::exists(path, ec) && read_file(path).find(our_marker) == std::string::npos)
      foreign.push_back(path.string());
  }
  if (!foreign.empty() && !o.force) {
    std::string list;
    for (const auto& f : foreign) list += "\n  " + f;
    return fail("these hooks exist and were not written by keysift (--force replaces "
                "them, keeping a .keysift-backup copy):" +
                list);
  }
  for (auto name : hook_names) {
    const fs::path path = fs::path(*dir) / name;
    const bool ours =
        fs::exists(path, ec) && read_file(path).find(our_marker) != std::string::npos;
    const bool backup = fs::exists(path, ec) && !ours;
    if (auto st = write_hook(path, hook_text(name), backup); !st) return fail(st.message());
    std::cerr << "keysift: installed " << path.string() << '\n';
  }
  return exit_clean;
}

} // namespace

std::vector<Command> add_install_hooks_command(CLI::App& app) {
  auto options = std::make_shared<InstallHooksOptions>();
  CLI::App* cmd = app.add_subcommand(
      "install-hooks", "Install keysift's pre-commit and pre-push hooks into a repository");
  cmd->add_option("repo", options->repo, "A directory in the repository (default: .)");
  cmd->add_flag("--force", options->force,
                "Replace existing hooks that keysift did not write (kept as backups)");
  return {{cmd, [options] { return run_install_hooks(*options); }}};
}

} // namespace keysift::cli
