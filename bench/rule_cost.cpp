// Which rules cost the most to match: compiles each built-in rule alone into a
// Hyperscan database and times a block scan of the given files (read into memory
// first), then the whole pack together. Usage: rule_cost FILE_OR_DIR [TOP_N [DROP]]
// With DROP (a regex of rule ids), also the whole pack without those rules: what they
// cost together, which is more than the sum of their costs alone. DROP "each": the
// speed-up from leaving out each rule in turn (slow: one compile per rule).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include <fmt/core.h>

#include "rules/builtin.h"
#include "scanner/compiled_rules.h"
#include "scanner/matcher.h"

using namespace keysift;

namespace {

std::string load(const std::filesystem::path& root, std::size_t limit) {
  std::string all;
  auto add = [&](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    all += s.str();
  };
  if (std::filesystem::is_regular_file(root))
    add(root);
  else
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
      if (e.is_regular_file() && all.size() < limit) add(e.path());
  return all;
}

double compile_seconds = 0;

double seconds_to_scan(const rules::RuleSet& set, const std::string& data) {
  const auto c0 = std::chrono::steady_clock::now();
  auto compiled = scanner::CompiledRules::compile(set);
  compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count();
  if (!compiled) {
    std::cerr << compiled.error() << '\n';
    return -1;
  }
  scanner::Matcher matcher(*compiled);
  std::vector<scanner::Candidate> hits;
  double best = 0;
  for (int pass = 0; pass < 3; ++pass) { // best of 3: the machine may be shared
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t off = 0; off < data.size(); off += 1 << 20) {
      hits.clear();
      (void)matcher.scan_block(std::string_view(data).substr(off, 1 << 20), hits);
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (pass == 0 || s < best) best = s;
  }
  return best;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rule_cost FILE_OR_DIR [TOP_N [DROP]]\n";
    return 2;
  }
  const std::string data = load(argv[1], 64u << 20);
  const std::size_t top = argc > 2 ? std::stoul(argv[2]) : 15;
  auto pack = rules::load_builtin();
  if (!pack) {
    std::cerr << pack.error() << '\n';
    return 2;
  }
  std::vector<std::pair<double, std::string>> costs, compile_costs;
  for (const auto& rule : pack->rules) {
    rules::RuleSet one;
    one.rules.push_back(rule);
    costs.emplace_back(seconds_to_scan(one, data), rule.id);
    compile_costs.emplace_back(compile_seconds, rule.id);
  }
  std::sort(costs.rbegin(), costs.rend());
  std::sort(compile_costs.rbegin(), compile_costs.rend());
  const double mb = static_cast<double>(data.size()) / 1e6;
  const double whole = seconds_to_scan(*pack, data);
  fmt::print(
      "{:.1f} MB, {} rules; whole pack: {:.0f} MB/s on one core, compiled in {:.2f} s\n",
      mb, pack->rules.size(), mb / whole, compile_seconds);
  if (argc > 3 && std::string(argv[3]) == "each") { // leave each rule out in turn
    std::vector<std::pair<double, std::string>> gains;
    for (std::size_t i = 0; i < pack->rules.size(); ++i) {
      rules::RuleSet rest = *pack;
      rest.rules.erase(rest.rules.begin() + static_cast<std::ptrdiff_t>(i));
      gains.emplace_back(whole / seconds_to_scan(rest, data), pack->rules[i].id);
    }
    std::sort(gains.rbegin(), gains.rend());
    for (std::size_t i = 0; i < std::min(top, gains.size()); ++i)
      fmt::print("{:>6.3f}x  without {}\n", gains[i].first, gains[i].second);
    return 0;
  }
  if (argc > 3) {
    const std::regex drop(argv[3]);
    rules::RuleSet rest;
    for (const auto& rule : pack->rules)
      if (!std::regex_search(rule.id, drop)) rest.rules.push_back(rule);
    const double without = seconds_to_scan(rest, data);
    fmt::print("without the {} rules matching '{}': {:.0f} MB/s\n",
               pack->rules.size() - rest.rules.size(), argv[3], mb / without);
  }
  for (std::size_t i = 0; i < std::min(top, costs.size()); ++i)
    fmt::print("{:>8.0f} MB/s  {:<40} compile {:>6.3f} s  {}\n", mb / costs[i].first,
               costs[i].second, compile_costs[i].first, compile_costs[i].second);
}
