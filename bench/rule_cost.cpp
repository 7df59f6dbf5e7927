// Which rules cost the most to match: compiles each built-in rule alone into a
// Hyperscan database and times a block scan of the given files (read into memory
// first), then the whole pack together. Usage: rule_cost FILE_OR_DIR [TOP_N [DROP]]
// (TOP_N 0: no rule alone, only the pack).
// With DROP (a regex of rule ids), also the whole pack without those rules: what they
// cost together, which is more than the sum of their costs alone. DROP "each": the
// speed-up from leaving out each rule in turn (slow: one compile per rule); "each:REGEX":
// only the rules whose id matches REGEX, each in turn. DROP "hits":
// how many candidates each rule hands the confirmer when the whole pack runs (every
// candidate costs a callback and, unless an earlier search covers it, an RE2 search).
// Times are CPU time of this process, so a busy machine skews them less than wall time.
#include <algorithm>
#include <chrono>
#include <ctime>
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

// The files' bytes, back to back, and where each file ends: each file is scanned as
// one block, as `keysift scan` does (a file over 1 MiB in 1 MiB blocks), so Hyperscan's
// cost per scan call counts as it does in a real scan of many small files.
struct Corpus {
  std::string bytes;
  std::vector<std::size_t> ends;
};

Corpus load(const std::filesystem::path& root, std::size_t limit) {
  Corpus all;
  auto add = [&](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    all.bytes += s.str();
    all.ends.push_back(all.bytes.size());
  };
  if (std::filesystem::is_regular_file(root))
    add(root);
  else
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
      if (e.is_regular_file() && all.bytes.size() < limit) add(e.path());
  return all;
}

// Calls `scan` on each block of `data`.
template <typename Fn> void for_each_block(const Corpus& data, Fn&& scan) {
  constexpr std::size_t max_block = 1 << 20;
  std::size_t from = 0;
  for (const std::size_t end : data.ends) {
    for (std::size_t off = from; off < end; off += max_block)
      scan(std::string_view(data.bytes).substr(off, std::min(max_block, end - off)));
    from = end;
  }
}

double compile_seconds = 0;

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double seconds_to_scan(const rules::RuleSet& set, const Corpus& data) {
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
  for (int pass = 0; pass < 7; ++pass) { // best of 7: the machine may be shared
    const double t0 = cpu_now();
    for_each_block(data, [&](std::string_view block) {
      hits.clear();
      (void)matcher.scan_block(block, hits);
    });
    const double s = cpu_now() - t0;
    if (pass == 0 || s < best) best = s;
  }
  return best;
}

// Candidates per rule over `data` with the whole pack, most first.
int print_hits(const rules::RuleSet& set, const Corpus& data, std::size_t top) {
  auto compiled = scanner::CompiledRules::compile(set);
  if (!compiled) {
    std::cerr << compiled.error() << '\n';
    return 2;
  }
  scanner::Matcher matcher(*compiled);
  std::vector<std::uint64_t> per_rule((*compiled)->rules().size(), 0);
  std::vector<scanner::Candidate> hits;
  std::uint64_t total = 0;
  for_each_block(data, [&](std::string_view block) {
    hits.clear();
    (void)matcher.scan_block(block, hits);
    for (const auto& h : hits) ++per_rule[h.rule];
    total += hits.size();
  });
  std::vector<std::pair<std::uint64_t, std::string>> order;
  for (std::size_t i = 0; i < per_rule.size(); ++i)
    order.emplace_back(per_rule[i], (*compiled)->rules()[i].rule.id);
  std::sort(order.rbegin(), order.rend());
  fmt::print("{:.1f} MB, {} rules: {} candidates\n",
             static_cast<double>(data.bytes.size()) / 1e6, per_rule.size(), total);
  for (std::size_t i = 0; i < std::min(top, order.size()) && order[i].first > 0; ++i)
    fmt::print("{:>10}  {}\n", order[i].first, order[i].second);
  return 0;
}

} // namespace

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rule_cost FILE_OR_DIR [TOP_N [DROP]]\n";
    return 2;
  }
  const Corpus data = load(argv[1], 64u << 20);
  const std::size_t top = argc > 2 ? std::stoul(argv[2]) : 15;
  auto pack = rules::load_builtin();
  if (!pack) {
    std::cerr << pack.error() << '\n';
    return 2;
  }
  if (argc > 3 && std::string(argv[3]) == "hits") return print_hits(*pack, data, top);
  std::vector<std::pair<double, std::string>> costs, compile_costs;
  for (const auto& rule : pack->rules) {
    if (top == 0) break; // TOP_N 0: the pack alone (and without DROP), no rule alone
    rules::RuleSet one;
    one.rules.push_back(rule);
    costs.emplace_back(seconds_to_scan(one, data), rule.id);
    compile_costs.emplace_back(compile_seconds, rule.id);
  }
  std::sort(costs.rbegin(), costs.rend());
  std::sort(compile_costs.rbegin(), compile_costs.rend());
  const double mb = static_cast<double>(data.bytes.size()) / 1e6;
  const double whole = seconds_to_scan(*pack, data);
  fmt::print(
      "{:.1f} MB, {} rules; whole pack: {:.0f} MB/s on one core, compiled in {:.2f} s\n",
      mb, pack->rules.size(), mb / whole, compile_seconds);
  const std::string mode = argc > 3 ? argv[3] : "";
  if (mode == "each" || mode.rfind("each:", 0) == 0) { // leave each rule out in turn
    const std::regex only(mode == "each" ? std::string(".") : mode.substr(5));
    std::vector<std::pair<double, std::string>> gains;
    for (std::size_t i = 0; i < pack->rules.size(); ++i) {
      if (!std::regex_search(pack->rules[i].id, only)) continue;
      rules::RuleSet rest = *pack;
      rest.rules.erase(rest.rules.begin() + static_cast<std::ptrdiff_t>(i));
      gains.emplace_back(whole / seconds_to_scan(rest, data), pack->rules[i].id);
    }
    std::sort(gains.rbegin(), gains.rend());
    for (std::size_t i = 0; i < gains.size() && (top == 0 || i < top); ++i)
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
  return 0;
}

// A bad argument (std::stoul) or a failed allocation ends with a message, not terminate().
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "rule_cost: " << e.what() << '\n';
    return 2;
  }
}
