#include "scanner/test_rules.h"

#include <cstdlib>

#include <doctest/doctest.h>

#include "rules/loader.h"

namespace keysift::scanner::testing {

const char* const demo_rules = R"(
[[rules]]
id = "demo-token"
description = "Demo token"
regex = '''\b(?P<secret>dmo_[A-Za-z0-9]{20})\b'''
examples = ["dmo_a1B2c3D4e5F6g7H8i9J0"]

[[rules]]
id = "demo-block"
description = "A multi-line block"
regex = '''-----BEGIN DEMO-----\n(?P<secret>[A-Za-z0-9+/=\n]{10,1000})-----END DEMO-----'''
examples = ["-----BEGIN DEMO-----\nAAAAbbbbCCCCdddd\n-----END DEMO-----"]
)";

std::shared_ptr<const CompiledRules> compile_rules_text(const std::string& toml) {
  auto set = rules::parse_rules(toml, "test.toml");
  REQUIRE_MESSAGE(set.is_ok(), set.status().message());
  auto compiled = CompiledRules::compile(std::move(set).value(), {cache_dir()});
  REQUIRE_MESSAGE(compiled.is_ok(), compiled.status().message());
  return compiled.value();
}

std::string cache_dir() {
  const char* dir = std::getenv("KEYSIFT_CACHE_DIR");
  return dir != nullptr ? dir : "";
}

} // namespace keysift::scanner::testing
