#include "redact/redactor.h"

#include <random>

#include <doctest/doctest.h>

#include "scanner/test_rules.h"

using namespace keysift;
using namespace keysift::scanner;
using namespace keysift::redact;

namespace {

std::shared_ptr<const scanner::CompiledRules> rules() {
  static const auto compiled = testing::compile_rules_text(testing::demo_rules);
  return compiled;
}

// Feeds `in` cut at `cuts`; returns the output and what was out after each feed.
std::string redact_cut(std::string_view in, const std::vector<std::size_t>& cuts,
                       std::vector<std::string>* steps = nullptr, RedactOptions o = {}) {
  Redactor r(rules(), std::move(o));
  REQUIRE(r.open().is_ok());
  std::string out;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    REQUIRE(r.feed(in.substr(at, cut - at), out).is_ok());
    if (steps) steps->push_back(out);
    at = cut;
  }
  REQUIRE(r.feed(in.substr(at), out).is_ok());
  REQUIRE(r.finish(out).is_ok());
  return out;
}

const std::string tok = "dmo_a1B2c3D4e5F6g7H8i9J0";

} // namespace

TEST_CASE("secrets are masked and everything else is kept byte for byte") {
  const std::string in = "a " + tok +
                         " b\n\xff\xfe bad utf8\n-----BEGIN DEMO-----\n"
                         "AAAAbbbbCCCCdddd\nEEEE\n-----END DEMO-----\nno final newline";
  const std::string want = "a ***REDACTED*** b\n\xff\xfe bad utf8\n-----BEGIN DEMO-----\n"
                           "***REDACTED***-----END DEMO-----\nno final newline";
  CHECK(redact_cut(in, {}) == want);
  for (std::size_t cut = 1; cut < in.size(); ++cut) CHECK(redact_cut(in, {cut}) == want);
}

TEST_CASE("--keep shows the first characters, never more than half") {
  RedactOptions o;
  o.keep = 4;
  o.mask = "…";
  CHECK(redact_cut("x " + tok + "\n", {}, nullptr, o) == "x dmo_…\n");
  o.keep = 100;
  CHECK(redact_cut("x " + tok + "\n", {}, nullptr, o) == "x …\n");
}

TEST_CASE("a complete line is released when its newline arrives") {
  std::vector<std::string> steps;
  const std::string in = "hello\nworld " + tok + "\nnext";
  redact_cut(in, {6, 9, in.size() - 4}, &steps);
  CHECK(steps[0] == "hello\n"); // the line ended: out at once
  CHECK(steps[1] == "hello\n"); // "wor": the line may still hold a secret
  CHECK(steps[2] == "hello\nworld ***REDACTED***\n");
}

TEST_CASE("a multi-line block is held only after its literal start") {
  std::vector<std::string> steps;
  const std::string in = "one\n-----BEGIN DEMO-----\nAAAAbbbbCCCCdddd\n";
  redact_cut(in + "-----END DEMO-----\n", {4, in.size()}, &steps);
  CHECK(steps[0] == "one\n");
  CHECK(steps[1] == "one\n"); // the block may still be completing
}

TEST_CASE("random binary-ish input without secrets passes through unchanged") {
  std::mt19937 gen(42);
  std::string in;
  for (int i = 0; i < 300000; ++i) in.push_back(static_cast<char>(gen() % 256));
  std::vector<std::size_t> cuts;
  for (std::size_t at = 0; at < in.size(); at += 1 + gen() % 5000) cuts.push_back(at);
  cuts.erase(cuts.begin());
  CHECK(redact_cut(in, cuts) == in);
}

TEST_CASE("a literal start the head regex rejects holds nothing") {
  std::vector<std::string> steps;
  const std::string in = "-----BEGIN DEMO----- is not a block\nnext\n";
  redact_cut(in, {in.size()}, &steps);
  CHECK(steps[0] == in);
}
