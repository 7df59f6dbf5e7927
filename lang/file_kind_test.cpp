#include "lang/file_kind.h"

#include <doctest/doctest.h>

using keysift::lang::context_of;
using keysift::lang::Language;
using keysift::lang::language_of;

TEST_CASE("language_of: extensions, names and wrappers") {
  CHECK(language_of("src/app.ts", "") == Language::code);
  CHECK(language_of("lib/x.JS", "") == Language::code);
  CHECK(language_of("dist/bundle.js.map", "") == Language::code);
  CHECK(language_of("pkg/.jsii.tabl.json.gz", "") == Language::code);
  CHECK(language_of("node_modules/aws-cdk-lib/.jsii.gz", "") == Language::code);
  CHECK(language_of("config/app.yaml", "") == Language::config);
  CHECK(language_of("deploy/.env", "") == Language::config);
  CHECK(language_of("deploy/.env.production", "") == Language::config);
  CHECK(language_of("Dockerfile", "") == Language::shell);
  CHECK(language_of("build/Dockerfile.prod", "") == Language::shell);
  CHECK(language_of("Makefile.in", "") == Language::shell);
  CHECK(language_of("scripts/run.sh", "") == Language::shell);
  CHECK(language_of("docs/guide.md", "") == Language::docs);
  CHECK(language_of("config/database.yml.tt", "") == Language::config);
  CHECK(language_of("settings.py.example", "") == Language::code);
  CHECK(language_of("README", "") == Language::docs);
  CHECK(language_of("lib/Foo.pm", "") == Language::interpolating);
  CHECK(language_of("web/index.php", "") == Language::interpolating);
  CHECK(language_of("bin/tool", "#!/usr/bin/perl -w\n") == Language::interpolating);
  CHECK(language_of("data/blob.bin", "") == Language::unknown);
  CHECK(language_of(".pgpass", "") == Language::unknown);
}

TEST_CASE("language_of: a #! line decides for a file without a known extension") {
  CHECK(language_of("bin/tool", "#!/usr/bin/env python3\nimport os\n") == Language::code);
  CHECK(language_of("bin/tool", "#!/usr/bin/env -S node --experimental\n") ==
        Language::code);
  CHECK(language_of("configure", "#! /bin/sh\n") == Language::shell);
  CHECK(language_of("bin/tool", "#!/bin/bash\r\n") == Language::shell);
  CHECK(language_of("bin/tool", "echo hi\n") == Language::unknown);
  // The name wins over the #! line.
  CHECK(language_of("run.py", "#!/bin/sh\n") == Language::code);
}

TEST_CASE("context_of: test, example and docs paths") {
  CHECK(context_of("src/app/config.ts") == "");
  CHECK(context_of("tests/auth_test.py") == "test");
  CHECK(context_of("pkg/server/server_test.go") == "test");
  CHECK(context_of("test/unit/login.spec.ts") == "test");
  CHECK(context_of("src/login.spec.ts") == "test");
  CHECK(context_of("src/LoginTest.java") == "test");
  CHECK(context_of("spec/models/user_spec.rb") == "test");
  CHECK(context_of("lib/testdata/key.pem") == "test");
  CHECK(context_of("scripts/stress-test/compose.yml") == "test");
  CHECK(context_of("zlib/google/zip_unittest.cc") == "test");
  CHECK(context_of("node_modules/x/dist/suite.fixture.js") == "test");
  CHECK(context_of("t/t5551-http-fetch.sh") == "test");
  CHECK(context_of("certs/snakeoil.key") == "test");
  CHECK(context_of("examples/config.yaml") == "example");
  CHECK(context_of("config/settings.example.yml") == "example");
  CHECK(context_of("apis/kms-2014-11-01.examples.json") == "example");
  CHECK(context_of("app/.env.sample") == "example");
  CHECK(context_of("app/.env.dist") == "example");
  CHECK(context_of("docs/api/v1.yaml") == "docs");
  CHECK(context_of("README.md") == "docs");
  CHECK(context_of("guides/source/security.md") == "docs");
  // Words that only contain a test word are not tests.
  CHECK(context_of("src/latest/contest.go") == "");
  CHECK(context_of("redhat/app.spec") == "");
  CHECK(context_of("src/template_engine.js") == "");
  // A test directory wins over docs and examples.
  CHECK(context_of("docs/tests/a.md") == "test");
  CHECK(context_of("docs/examples/a.yaml") == "example");
}
