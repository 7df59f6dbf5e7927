#include "cli/lookalike.h"

#include <iostream>
#include <map>

#include <fmt/core.h>

#include "cli/config.h"
#include "reporters/display.h"
#include "scanner/pipeline.h"
#include "scanner/validators.h"

namespace keysift::cli {

rules::RuleSet without_format_checks(const rules::RuleSet& set) {
  rules::RuleSet out;
  out.global = set.global;
  for (const auto& rule : set.rules) {
    if (rule.validate.empty()) continue;
    out.rules.push_back(rule);
    out.rules.back().validate.clear();
    out.rules.back().negative_examples.clear();
  }
  return out;
}

Result<std::vector<LookAlike>> find_lookalikes(const rules::RuleSet& set,
                                               const scanner::GateOptions& gate,
                                               scanner::Source& source) {
  std::vector<LookAlike> out;
  rules::RuleSet relaxed = without_format_checks(set);
  if (relaxed.rules.empty()) return out;
  std::map<std::string, scanner::Validator> checks;
  for (const auto& rule : set.rules)
    if (!rule.validate.empty()) checks[rule.id] = scanner::find_validator(rule.validate);
  auto compiled = compile_rule_set(std::move(relaxed));
  if (!compiled) return compiled.status();
  scanner::PipelineOptions options;
  options.threads = 1;
  options.gate = gate;
  const auto report = scanner::Pipeline(*compiled, options).run(source);
  for (const auto& f : report.findings) {
    const rules::Rule& rule = report.rule(f);
    const scanner::Validator check = checks[rule.id];
    if (!check || check(f.secret)) continue; // passes: the real check reported it
    out.push_back({rule.id, rule.description, std::string(f.path()), f.line});
  }
  return out;
}

void print_lookalikes(const std::vector<LookAlike>& found) {
  for (std::size_t i = 0; i < found.size() && i < 5; ++i) {
    const LookAlike& l = found[i];
    std::cerr << fmt::format(
        "keysift: note: {}:{}: a value shaped like rule {} ({}) fails that format's "
        "checksum or structure, so it is no live credential and is not reported. For a "
        "value the rule reports (to test this hook): keysift rules example {}\n",
        reporters::terminal_safe(l.path), l.line, l.rule_id, l.description, l.rule_id);
  }
  if (found.size() > 5)
    std::cerr << fmt::format("keysift: note: … and {} more\n", found.size() - 5);
}

} // namespace keysift::cli
