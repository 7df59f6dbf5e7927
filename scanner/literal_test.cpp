#include "scanner/literal.h"

#include <doctest/doctest.h>

#include <string_view>

using keysift::scanner::Language;
using keysift::scanner::literal_value;

namespace {

// Whether `value`, the first occurrence of it in `line`, is a literal in `lang`.
bool literal(std::string_view line, std::string_view value,
             Language lang = Language::code) {
  const std::size_t at = line.find(value);
  REQUIRE(at != std::string_view::npos);
  return literal_value({line, at, value.size(), lang, false});
}

} // namespace

TEST_CASE("literal_value: quoted strings are literals") {
  CHECK(literal("const apiKey = \"q8Zt3Lm2Xc7Rb1Nw9Hd4\";", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK(literal("token: 'q8Zt3Lm2Xc7Rb1Nw9Hd4',", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK(literal("key := `q8Zt3Lm2Xc7Rb1Nw9Hd4`", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK(
      literal("\"{\\\"token\\\": \\\"q8Zt3Lm2Xc7Rb1Nw9Hd4\\\"}\"", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK(literal("x = 'it is'; token = \"q8Zt3Lm2Xc7Rb1Nw9Hd4\"", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
}

TEST_CASE("literal_value: templates and format strings are not") {
  CHECK_FALSE(literal("token = f\"tk_{user}_q8Zt3Lm2\"", "tk_"));
  CHECK_FALSE(literal("key = \"prefix_{}\".format(x)", "prefix_"));
  CHECK_FALSE(literal("key = \"prefix_%s\" % x", "prefix_"));
  CHECK_FALSE(literal("pw = \"abc{0}def\"", "abc"));
  CHECK_FALSE(literal("pw = `tk-${id}-x`", "tk-", Language::code));
  CHECK_FALSE(literal("pw = \"a$(cat f)\"", "a$", Language::shell));
  CHECK(literal("pw = \"abc{def\"", "abc{def"));
}

TEST_CASE("literal_value: bare values are code in code files, literals elsewhere") {
  CHECK_FALSE(literal("withCredentials = !!config.withCredentials", "!!config"));
  CHECK_FALSE(literal("secret: Uint8Array,", "Uint8Array"));
  CHECK_FALSE(literal("apiKey = defaultApiKey$1;", "defaultApiKey$1"));
  CHECK(literal("API_TOKEN=q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4", Language::shell));
  CHECK(literal("api_token:      q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4",
                Language::config));
  CHECK(literal("token = q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4", Language::unknown));
  CHECK(literal("token = q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4", Language::docs));
}

TEST_CASE("literal_value: a comment in a code file holds prose, where bare values count") {
  CHECK(literal("# token: q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK(literal("  // api_key = q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK(literal(" * password: q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  CHECK_FALSE(literal("#define TOKEN q8Zt3Lm2Xc7Rb1Nw9Hd4", "q8Zt3Lm2Xc7Rb1Nw9Hd4"));
  // Code embedded in a string (a source map): the line starts after the last \n.
  CHECK_FALSE(
      literal("\"x\\n// a\\n  const token = idTokenResult.token;", "idTokenResult"));
}

TEST_CASE("literal_value: a quote that closes a string does not quote the value") {
  CHECK_FALSE(literal("r.push(this.algorithm+\" Credential=\"+e.accessKeyId+\"/\")",
                      "+e.accessKeyId+"));
  // Unless the line was cut before its start: then the quote is taken to open one.
  const std::string_view line = " Credential=\"+e.accessKeyId+\"/\")";
  CHECK(literal_value({line, line.find('+'), 15, Language::code, true}));
}

TEST_CASE("literal_value: a value that spells its own name is a constant") {
  CHECK_FALSE(literal("PASS_THROUGH = \"passthrough\",", "passthrough"));
  CHECK_FALSE(literal("KubeadmCertsSecret = \"kubeadm-certs\"", "kubeadm-certs"));
  CHECK_FALSE(literal("SecretTypeOpaque = \"Opaque\"", "Opaque"));
  CHECK_FALSE(literal("availabilitySetNodesKey = \"k8sAvailabilitySetNodesKey\"",
                      "k8sAvailabilitySetNodesKey"));
  CHECK_FALSE(
      literal("DefaultGatewayV4AuxKey = \"DefaultGatewayIPv4\"", "DefaultGatewayIPv4"));
  CHECK(literal("accessKey = \"accessQx7vN2kLp9WmZ4rT\"", "accessQx7vN2kLp9WmZ4rT"));
  CHECK(literal("db_password = \"passw0rd-of-db\"", "passw0rd-of-db"));
}
