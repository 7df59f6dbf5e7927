// `keysift rules list` and `keysift rules check`.
#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/config.h"
#include "cli/options.h"
#include "cli/report.h"
#include "redact/rule_reach.h"
#include "rules/loader.h"
#include "scanner/pipeline.h"
#include "scanner/sources/memory.h"

namespace keysift::cli {
namespace {

// Every example of every rule as one chunk, at the rule's example_path (default
// "example.txt"); `names` gets
// each chunk's origin (which its findings share) -> "rule\tkind\tindex".
std::vector<scanner::Chunk>
example_chunks(const rules::RuleSet& set,
               std::map<const scanner::Origin*, std::string>& names) {
  std::vector<scanner::Chunk> chunks;
  for (const auto& rule : set.rules) {
    auto add = [&](const std::string& text, const char* kind, std::size_t i) {
      scanner::Chunk c;
      c.origin = scanner::make_origin(scanner::FileOrigin{
          rule.example_path.empty() ? std::string("example.txt") : rule.example_path});
      names[c.origin.get()] = fmt::format("{}\t{}\t{}", rule.id, kind, i);
      c.data = text;
      chunks.push_back(std::move(c));
    };
    for (std::size_t i = 0; i < rule.examples.size(); ++i)
      add(rule.examples[i], "example", i);
    for (std::size_t i = 0; i < rule.negative_examples.size(); ++i)
      add(rule.negative_examples[i], "negative_example", i);
  }
  return chunks;
}

const std::string& example_text(const rules::Rule& rule, const std::string& kind,
                                std::size_t i) {
  return kind == "example" ? rule.examples[i] : rule.negative_examples[i];
}

// Runs every example through the full pipeline; returns the number of failures.
int check_examples(const rules::RuleSet& set,
                   std::shared_ptr<const scanner::CompiledRules> compiled) {
  // (rule, kind, index) -> rule ids that fired on it
  std::map<std::string, std::vector<std::string>> fired;
  scanner::PipelineOptions popts;
  popts.gate.scan_binary = true;
  std::map<const scanner::Origin*, std::string> names;
  scanner::sources::MemorySource source(example_chunks(set, names));
  auto report = scanner::Pipeline(std::move(compiled), popts).run(source);
  for (const auto& f : report.findings)
    fired[names.at(f.origin.get())].push_back(report.rule(f).id);
  int failures = 0;
  for (const auto& rule : set.rules) {
    auto check = [&](const std::string& kind, std::size_t count, bool want) {
      for (std::size_t i = 0; i < count; ++i) {
        const auto& ids = fired[fmt::format("{}\t{}\t{}", rule.id, kind, i)];
        const bool got = std::find(ids.begin(), ids.end(), rule.id) != ids.end();
        if (got == want) continue;
        ++failures;
        std::cerr << fmt::format("{}: rule '{}': {} {} {}: {:?}\n", rule.origin, rule.id,
                                 kind, i + 1, want ? "is not found" : "is found",
                                 example_text(rule, kind, i));
      }
    };
    check("example", rule.examples.size(), true);
    check("negative_example", rule.negative_examples.size(), false);
  }
  for (const auto& e : report.errors) {
    ++failures;
    std::cerr << "keysift: error: " << e.reason << '\n';
  }
  return failures;
}

Result<rules::RuleSet> rules_to_check(const RulesOptions& options) {
  if (options.files.empty()) return load_rule_set(options.config);
  rules::RuleSet set;
  for (const auto& file : options.files) {
    auto one = rules::load_rules_file(file);
    if (!one) return one.status();
    if (auto st = rules::merge_rules(set, std::move(one).value(), false); !st) return st;
  }
  return set;
}

} // namespace

int run_rules_list(const RulesOptions& options) {
  auto set = load_rule_set(options.config);
  if (!set) return fail(set.error());
  auto rules = set->rules;
  std::sort(rules.begin(), rules.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  if (options.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : rules)
      arr.push_back({{"id", r.id},
                     {"description", r.description},
                     {"severity", r.severity},
                     {"tags", r.tags}});
    std::cout << arr.dump(2) << '\n';
  } else if (options.format == "text") {
    for (const auto& r : rules)
      std::cout << fmt::format("{:<40} {:<8} {}\n", r.id, r.severity, r.description);
    std::cout << rules.size() << " rules\n";
  } else {
    return fail("unknown format '" + options.format + "' for rules list (text, json)");
  }
  return exit_clean;
}

int run_rules_check(const RulesOptions& options) {
  auto set = rules_to_check(options);
  if (!set) return fail(set.error());
  auto compiled = compile_rule_set(*set);
  if (!compiled) return fail(compiled.error());
  std::size_t examples = 0;
  for (const auto& r : set->rules)
    examples += r.examples.size() + r.negative_examples.size();
  int failures = check_examples(*set, *compiled);
  // A rule that may match across lines with no literal before its secret makes
  // `keysift redact` hold back every line of a live log by the rule's window.
  for (const auto& cr : (*compiled)->rules()) {
    const int group = cr.regex->compile() ? cr.regex->secret_group() : 0;
    const redact::RuleReach reach = redact::analyze_rule(cr.rule.regex, group);
    if (reach.line_local || reach.match_in_line || !reach.anchor.empty()) continue;
    ++failures;
    std::cerr << fmt::format(
        "{}: rule '{}': a match may span lines with no literal text before the secret, so "
        "`keysift redact` would hold every line of a live log; start the regex with a "
        "literal, or keep \\r and \\n out of its negated classes\n",
        cr.rule.origin, cr.rule.id);
  }
  if (failures > 0) {
    std::cerr << fmt::format("{} problem(s) in {} rules ({} examples checked)\n", failures,
                             set->rules.size(), examples);
    return exit_findings;
  }
  std::cout << fmt::format(
      "{} rules ok: {} examples checked, {} prefiltered in Hyperscan\n", set->rules.size(),
      examples,
      std::count_if((*compiled)->rules().begin(), (*compiled)->rules().end(),
                    [](const auto& r) { return r.prefilter; }));
  return exit_clean;
}

} // namespace keysift::cli
