// keysift's command line: parses arguments and runs the chosen subcommand.
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string_view>
#include <system_error>

#include <unistd.h>

#include "cli/cache_seed.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/meta_commands.h"
#include "cli/rules_example.h"
#include "cli/version.h"

namespace keysift::cli {

void add_scan_options(CLI::App& cmd, ScanOptions& o) {
  cmd.add_option("-f,--format", o.format,
                 "Output format: text, json, jsonl, sarif, gitlab, junit, csv")
      ->check(CLI::IsMember({"text", "json", "jsonl", "sarif", "gitlab", "junit", "csv"}));
  cmd.add_option("-o,--output", o.output, "Write the report to FILE instead of stdout")
      ->type_name("FILE");
  cmd.add_option("-c,--config", o.config,
                 "Extra rules and allowlists (TOML); default: .keysift.toml if present")
      ->type_name("FILE");
  cmd.add_option("--color", o.color, "Colour text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_option("-j,--threads", o.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  cmd.add_option("--exit-code", o.exit_code, "Exit code when secrets are found (default 1)")
      ->check(CLI::Range(0, 255));
  cmd.add_option(
         "--exempt-context", o.exempt_contexts,
         "Report findings in these contexts (test,docs,example) without failing on them")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->check(CLI::IsMember({"test", "docs", "example"}));
  cmd.add_flag("--show-secrets", o.show_secrets, "Print secrets whole instead of redacted");
  cmd.add_flag("--scan-binary", o.scan_binary, "Scan files that look binary too");
  cmd.add_flag("--no-progress", o.no_progress,
               "Draw no progress line on stderr (drawn only on a terminal, never when CI "
               "is set)");
  cmd.add_option("--max-size", o.max_size,
                 "Skip inputs larger than SIZE (bytes, or with a unit: 500KiB, 10MiB; "
                 "default: no limit)")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("SIZE");
  cmd.add_option("--decode-depth", o.decode_depth,
                 "Layers of base64/hex/percent encoding to undo (0: none; default 2)")
      ->check(CLI::Range(0, 4));
  cmd.add_option("--stream-threshold", o.stream_threshold_mb,
                 "Stream files larger than this many MiB instead of reading them whole")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20));
  // A flag, so that `--allow-partial PATH` never takes PATH for its value; kinds are
  // given as --allow-partial=KINDS.
  cmd.add_flag("--allow-partial", o.allow_partial,
               "Exit 0 although part of the input could not be scanned: alone, whatever "
               "the gap; =KINDS (e.g. =shallow,partial-clone) for those kinds only. The "
               "report still says what was not scanned");
  add_policy_options(cmd, o);
}

void add_policy_options(CLI::App& cmd, ScanOptions& o) {
  cmd.add_option("--baseline", o.baselines,
                 "Accepted findings (repeatable); a missing file is empty")
      ->allow_extra_args(false);
  cmd.add_flag("--update-baseline", o.update_baseline,
               "Add this run's findings to the (first) baseline, creating it if missing");
  cmd.add_flag("--prune-baseline", o.prune_baseline,
               "Drop baseline entries that matched nothing (a complete, full scan only)");
  cmd.add_flag("--report-unused", o.report_unused,
               "List baseline and ignore-file entries that matched nothing");
  cmd.add_flag("--fail-on-unused", o.fail_on_unused,
               "Like --report-unused, and exit as for findings when there are any");
  cmd.add_flag("--show-allowed", o.show_allowed,
               "Also list the findings allow comments, allowlists, ignore files and "
               "baselines waved through");
  cmd.add_option("--baseline-reason", o.baseline_reason,
                 "--update-baseline: the reason written with the new entries");
  cmd.add_option("--approved-by", o.approved_by,
                 "--update-baseline: who accepted the new entries");
  cmd.add_option("--expires", o.expires,
                 "--update-baseline: the date (YYYY-MM-DD) after which new entries lapse");
}

std::vector<Command> add_scan_commands(CLI::App& app) {
  auto options = std::make_shared<ScanOptions>();
  CLI::App* cmd = app.add_subcommand("scan", "Scan files, directories, or - for stdin");
  cmd->add_option("paths", options->paths, "Files and directories (default: .)");
  add_scan_options(*cmd, *options);
  return {{cmd, [options] { return run_scan(*options); }}};
}

std::vector<Command> add_rules_commands(CLI::App& app) {
  auto list = std::make_shared<RulesOptions>();
  auto check = std::make_shared<RulesOptions>();
  CLI::App* rules = app.add_subcommand("rules", "List or check detection rules");
  rules->require_subcommand(1);
  CLI::App* list_cmd = rules->add_subcommand("list", "List the rules in use");
  list_cmd->add_option("-f,--format", list->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  list_cmd->add_option("-c,--config", list->config, "Extra rules (TOML)")
      ->type_name("FILE");
  CLI::App* check_cmd = rules->add_subcommand(
      "check", "Compile rules and run their examples (default: the built-in pack)");
  check_cmd->add_option("files", check->files, "Rule files to check");
  check_cmd->add_option("-c,--config", check->config, "Extra rules, checked with the pack")
      ->type_name("FILE");
  auto example = std::make_shared<ExampleOptions>();
  CLI::App* example_cmd = rules->add_subcommand(
      "example",
      "Print a new synthetic value that a rule reports (to test a hook or a gate)");
  example_cmd->add_option("rule", example->rule, "The rule's id (keysift rules list)")
      ->required();
  example_cmd->add_option("-c,--config", example->config, "Extra rules (TOML)")
      ->type_name("FILE");
  example_cmd
      ->add_option("-f,--format", example->format,
                   "text (the value) or json (rule, value, and a path it applies to)")
      ->check(CLI::IsMember({"text", "json"}));
  example_cmd->add_option("--seed", example->seed, "Draw from this seed (default: random)")
      ->each([example](const std::string&) { example->seeded = true; });
  return {{list_cmd, [list] { return run_rules_list(*list); }},
          {check_cmd, [check] { return run_rules_check(*check); }},
          {example_cmd, [example] { return run_rules_example(*example); }}};
}

// An exception escaped a thread other than main's: one line, the error code.
[[noreturn]] void terminate_quietly() {
  static constexpr char msg[] =
      "keysift: error: internal error (an unexpected exception)\n";
  (void)!::write(2, msg, sizeof msg - 1);
  std::_Exit(exit_error);
}

} // namespace keysift::cli

namespace {

int run_keysift(int argc, char** argv) {
  using namespace keysift::cli;
  CLI::App app{"keysift: finds leaked credentials in files, git history, images and logs"};
  app.set_version_flag("--version", version_text,
                       "Show the version of keysift, its rules "
                       "and its libraries, then exit");
  app.require_subcommand(1);

  std::vector<Command> commands;
  for (auto add : {add_scan_commands, add_rules_commands, add_git_commands,
                   add_image_commands, add_redact_commands, add_meta_commands,
                   add_config_commands, add_migrate_commands, add_report_commands}) {
    auto more = add(app);
    commands.insert(commands.end(), more.begin(), more.end());
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e); // --help, --version
  } catch (const CLI::ParseError& e) {
    std::cerr << "keysift: error: " << e.what() << "\nRun 'keysift --help' for usage.\n";
    return exit_error;
  }
  keysift::cli::set_up_db_cache(cache_seed());
  for (const auto& c : commands)
    if (c.app->parsed()) return c.run();
  return exit_error;
}

void say(std::string_view line) noexcept {
  (void)!::write(2, line.data(), line.size());
}

} // namespace

// The last resort: whatever escapes (no memory, no thread could be started) ends the
// run with one line and the error code, never an abort and a core dump; a terminate
// handler does the same for other threads. The exception's text is not printed: it
// may quote the input, which may hold a secret.
int main(int argc, char** argv) {
  std::set_terminate(keysift::cli::terminate_quietly);
  // A reader that goes away (`keysift scan . | head -1`) ends the run as it ends any
  // filter: quietly, by SIGPIPE. A parent that ignores SIGPIPE (many CI runners and
  // language runtimes do) would otherwise turn it into a write error and exit 2.
  // `keysift redact` ignores it again and ends on EPIPE itself (cli/redact_command.cpp).
  (void)std::signal(SIGPIPE, SIG_DFL);
  try {
    return run_keysift(argc, argv);
  } catch (const std::bad_alloc&) {
    say("keysift: error: out of memory\n");
  } catch (const std::system_error&) {
    say("keysift: error: a system resource ran out (threads, files or memory)\n");
  } catch (...) {
    say("keysift: error: internal error (an unexpected exception)\n");
  }
  return keysift::cli::exit_error;
}
