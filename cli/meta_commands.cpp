#include "cli/meta_commands.h"

#include <iostream>
#include <memory>

#include "cli/completions.h"
#include "cli/man_page.h"
#include "cli/options.h"

namespace keysift::cli {

std::vector<Command> add_meta_commands(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  CLI::App* completions = app.add_subcommand(
      "completions", "Print the shell completion script for bash, zsh or fish");
  completions->add_option("shell", *shell, "The shell")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completions->footer(
      "bash: source <(keysift completions bash)   "
      "zsh: keysift completions zsh > \"${fpath[1]}/_keysift\"   "
      "fish: keysift completions fish > ~/.config/fish/completions/keysift.fish");
  CLI::App* man =
      app.add_subcommand("man", "Print the man page (roff): keysift man | man -l -");
  const CLI::App* root = &app;
  return {{completions,
           [root, shell] {
             std::cout << completion_for(*shell, describe(*root));
             return std::cout.flush() ? exit_clean : exit_error;
           }},
          {man, [root] {
             std::cout << man_page(describe(*root), manual_text("keysift.1.in"),
                                   KEYSIFT_VERSION);
             return std::cout.flush() ? exit_clean : exit_error;
           }}};
}

} // namespace keysift::cli
