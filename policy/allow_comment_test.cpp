#include "policy/allow_comment.h"

#include <doctest/doctest.h>

using namespace keysift::policy;

TEST_CASE("keysift:allow allows every rule; with ids, only those") {
  auto all = find_allow_comment("token = 'x' # keysift:allow");
  REQUIRE(all);
  CHECK(all->rule_ids.empty());
  CHECK(all->allows("github-pat"));
  CHECK_FALSE(all->gitleaks);

  auto one = find_allow_comment("token = 'x' // keysift:allow github-pat");
  REQUIRE(one);
  CHECK(one->allows("github-pat"));
  CHECK_FALSE(one->allows("aws-access-key-id"));
  CHECK(one->marker() == "keysift:allow github-pat");

  auto two =
      find_allow_comment("x # keysift:allow github-pat, aws-access-key-id -- fixture");
  REQUIRE(two);
  CHECK(two->rule_ids == std::vector<std::string>{"github-pat", "aws-access-key-id"});
  CHECK(two->reason == "fixture");
}

TEST_CASE("a reason follows --, without the comment's closing token") {
  auto c = find_allow_comment("/* keysift:allow -- test key, revoked 2024 */");
  REQUIRE(c);
  CHECK(c->rule_ids.empty());
  CHECK(c->reason == "test key, revoked 2024");
  auto h = find_allow_comment("<!-- keysift:allow jwt -- docs example -->\r");
  REQUIRE(h);
  CHECK(h->rule_ids == std::vector<std::string>{"jwt"});
  CHECK(h->reason == "docs example");
  auto long_reason = find_allow_comment("keysift:allow -- " + std::string(1000, 'r'));
  REQUIRE(long_reason);
  CHECK(long_reason->reason.size() == 200);
}

TEST_CASE("free text after the marker narrows it, never widens it") {
  // Any word there is an id: "test fixture" allows rules named test and fixture only.
  auto c = find_allow_comment("# keysift:allow test fixture");
  REQUIRE(c);
  CHECK_FALSE(c->allows("github-pat"));
  auto upper = find_allow_comment("# keysift:allow GitHub-PAT");
  REQUIRE(upper);
  CHECK(upper->allows("github-pat"));
}

TEST_CASE("gitleaks:allow is honoured and allows every rule") {
  auto g = find_allow_comment("password = 'hunter2' # gitleaks:allow");
  REQUIRE(g);
  CHECK(g->gitleaks);
  CHECK(g->allows("generic-password-literal"));
  CHECK(g->marker() == "gitleaks:allow");
}

TEST_CASE("the marker must stand alone") {
  CHECK_FALSE(find_allow_comment("keysift:allowed"));
  CHECK_FALSE(find_allow_comment("mykeysift:allow"));
  CHECK_FALSE(find_allow_comment("keysift:allowlist = 1"));
  CHECK_FALSE(find_allow_comment("nothing here"));
  CHECK_FALSE(find_allow_comment(""));
  CHECK(find_allow_comment("keysift:allow"));
}
