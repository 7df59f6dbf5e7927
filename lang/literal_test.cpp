#include "lang/literal.h"

#include <doctest/doctest.h>

#include <string_view>

using keysift::lang::Language;
using keysift::lang::literal_value;

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

TEST_CASE(
    "literal_value: a double-quoted string interpolates $name where the language does") {
  CHECK_FALSE(
      literal("$token = \"d_$token\" unless $x;", "d_$token", Language::interpolating));
  CHECK_FALSE(literal("$key = \"mime-$token\";", "mime-$token", Language::interpolating));
  CHECK_FALSE(literal("if test \"x$passwd\" = \"x$expected_line\"; then", "x$expected_line",
                      Language::shell));
  CHECK_FALSE(literal("PASS=\"${PREFIX}q8Zt3Lm2\"", "${PREFIX}", Language::shell));
  // Single quotes do not interpolate; nor do other languages' double quotes.
  CHECK(literal("$pw = 'q8Zt$3Lm2Xc7Rb1Nw9Hd4';", "q8Zt$3Lm2Xc7Rb1Nw9Hd4",
                Language::interpolating));
  CHECK(literal("$pw = 'q8Zt$token_xc7';", "q8Zt$token_xc7", Language::interpolating));
  CHECK(literal("pw = \"q8Zt$token_xc7\"", "q8Zt$token_xc7", Language::code));
  CHECK_FALSE(
      literal("$wgKey = \"{$this->values['k']}\";", "{$this", Language::interpolating));
  CHECK_FALSE(literal("PASS=\"$PREFIX/q8Zt3Lm2\"", "$PREFIX/q8Zt3Lm2", Language::shell));
  // A command substitution in backticks (shell only; elsewhere a backtick is a character).
  CHECK_FALSE(literal("pwd=\"`pwd`\"", "`pwd`", Language::shell));
  CHECK_FALSE(literal("PASS=\"x`cat /run/pw`\"", "x`cat", Language::shell));
  CHECK(literal("PASS=\"q8`Zt3Lm2`\"", "q8`Zt3Lm2`", Language::shell));
  CHECK(literal("pw = \"`pwd`q8Zt3Lm2\"", "`pwd`q8Zt3Lm2", Language::code));
  // A '$' inside a random value is no variable: mixed case or too short a name.
  CHECK(literal("\"secret_key\" => \"sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE\",",
                "sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE", Language::interpolating));
  CHECK(literal("PASS=\"q8Zt3Lm2$ab\"", "q8Zt3Lm2$ab", Language::shell));
  // A dollar before a digit or escaped is no variable.
  CHECK(literal("PASS=\"q8Zt$3Lm2Xc7\"", "q8Zt$3Lm2Xc7", Language::shell));
  CHECK(
      literal("$pw = \"q8Zt\\$token_xc7\";", "q8Zt\\$token_xc7", Language::interpolating));
  // Code files that interpolate are still code: a bare value is not a literal.
  CHECK_FALSE(
      literal("$password = $request->input;", "$request->input", Language::interpolating));
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
