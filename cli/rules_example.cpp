#include "cli/rules_example.h"

#include <algorithm>
#include <cctype>
#include <iostream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/config.h"
#include "cli/options.h"
#include "cli/regex_sample.h"
#include "cli/report.h"
#include "scanner/pipeline.h"
#include "scanner/sources/memory.h"
#include "scanner/validators.h"

namespace keysift::cli {
namespace {

constexpr int batches = 16, per_batch = 32;

std::string base64url(std::string_view bytes) {
  static constexpr char digits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : bytes) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += digits[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += digits[(acc << (6 - bits)) & 63];
  return out;
}

std::string random_bytes(std::mt19937_64& random, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(random() & 0xff);
  return out;
}

// The secret, completed for the rule's format check.
std::string completed(const std::string& validate, std::string secret,
                      std::mt19937_64& random) {
  if (validate == "base62-crc32" && secret.size() >= 36) {
    const std::string body = secret.substr(secret.size() - 36, 30);
    return secret.substr(0, secret.size() - 6) + scanner::base62_crc32(body);
  }
  if (validate == "jwt") {
    const std::string claims = fmt::format(R"({{"sub":"keysift-example","iat":{}}})",
                                           1700000000 + random() % 100000000);
    return base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(claims) + "." +
           base64url(random_bytes(random, 32));
  }
  if (validate == "pypi-macaroon") {
    // Macaroon v2: the version; location "pypi.org" and a 32-byte identifier; the end of
    // the header and of the (empty) caveats; a 32-byte signature.
    auto field = [](char type, const std::string& data) {
      return std::string(1, type) + static_cast<char>(data.size()) + data;
    };
    const std::string bytes = std::string(1, '\x02') + field('\x01', "pypi.org") +
                              field('\x02', random_bytes(random, 32)) +
                              std::string(2, '\0') +
                              field('\x06', random_bytes(random, 32));
    return "pypi-" + base64url(bytes);
  }
  return secret;
}

// Where the secret lies in the sample: the rule's secret_group, else the group named
// "secret", else group 1, else the whole match (as rules/README.md says).
std::pair<std::size_t, std::size_t> secret_span(const rules::Rule& rule,
                                                const RegexSample& s) {
  const std::pair<std::size_t, std::size_t> whole{0, s.text.size()};
  if (!rule.secret_group.empty()) {
    if (std::isdigit(static_cast<unsigned char>(rule.secret_group[0]))) {
      const auto it = s.groups.find(std::stoi(rule.secret_group));
      return it != s.groups.end() ? it->second : whole;
    }
    const auto it = s.named.find(rule.secret_group);
    return it != s.named.end() ? it->second : whole;
  }
  if (const auto it = s.named.find("secret"); it != s.named.end()) return it->second;
  if (const auto it = s.groups.find(1); it != s.groups.end()) return it->second;
  return whole;
}

// A path that the rule's path filter accepts (the rule scans only such files).
std::string example_path(const rules::Rule& rule, std::mt19937_64& random) {
  if (rule.paths.empty()) return "example.txt";
  auto sample = sample_regex(rule.paths[0], random);
  std::string path = sample ? sample->text : std::string("example.txt");
  while (path.starts_with('/')) path.erase(0, 1);
  return path.empty() ? "example.txt" : path;
}

} // namespace

Result<std::string> example_candidate(const rules::Rule& rule, std::mt19937_64& random) {
  auto sample = sample_regex(rule.regex, random);
  if (!sample) return sample.status();
  const auto [begin, end] = secret_span(rule, *sample);
  const std::string secret = sample->text.substr(begin, end - begin);
  return sample->text.substr(0, begin) + completed(rule.validate, secret, random) +
         sample->text.substr(end);
}

int run_rules_example(const ExampleOptions& o) {
  auto set = load_rule_set(o.config);
  if (!set) return fail(set.error());
  const auto it = std::find_if(set->rules.begin(), set->rules.end(),
                               [&](const rules::Rule& r) { return r.id == o.rule; });
  if (it == set->rules.end())
    return fail("no rule '" + o.rule + "' (keysift rules list shows the rules)");
  const rules::Rule rule = *it;
  auto compiled = compile_rule_set(std::move(set).value());
  if (!compiled) return fail(compiled.error());
  std::mt19937_64 random(o.seeded ? o.seed : std::random_device{}());
  std::string last_error;
  for (int batch = 0; batch < batches; ++batch) {
    // Several candidates per pipeline run: the engine decides which one the rule reports.
    std::vector<std::string> texts, paths;
    std::vector<scanner::Chunk> chunks;
    for (int i = 0; i < per_batch; ++i) {
      auto text = example_candidate(rule, random);
      if (!text) return fail("rule '" + rule.id + "': " + text.error());
      scanner::Chunk c;
      paths.push_back(example_path(rule, random));
      c.origin = scanner::make_origin(scanner::FileOrigin{paths.back()});
      c.data = *text + "\n";
      texts.push_back(*text);
      chunks.push_back(std::move(c));
    }
    std::vector<const scanner::Origin*> origins;
    origins.reserve(chunks.size());
    for (const auto& c : chunks) origins.push_back(c.origin.get());
    scanner::sources::MemorySource source(std::move(chunks));
    auto report = scanner::Pipeline(*compiled, scanner::PipelineOptions{}).run(source);
    std::size_t best = texts.size();
    for (const auto& f : report.findings) {
      if (report.rule(f).id != rule.id) continue;
      const auto at = std::find(origins.begin(), origins.end(), f.origin.get());
      best = std::min(best, static_cast<std::size_t>(at - origins.begin()));
    }
    if (best < texts.size()) {
      if (o.format == "json")
        std::cout << nlohmann::json{{"rule", rule.id},
                                    {"value", texts[best]},
                                    {"path", paths[best]}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
      else
        std::cout << texts[best] << '\n';
      return std::cout.flush() ? exit_clean : exit_error;
    }
  }
  return fail(fmt::format("could not generate a value that rule '{}' reports in {} tries "
                          "(its examples in {} are values it reports)",
                          rule.id, batches * per_batch, rule.origin));
}

} // namespace keysift::cli
