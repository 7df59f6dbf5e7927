// What kind of file a finding sits in, judged from its path (and, for a script without
// an extension, its `#!` line): the language family, which decides whether an unquoted
// value can be a literal (lang/literal.h), and the context — test, docs or example —
// that findings carry so that a gate can treat them apart. Pure functions over plain
// data; thread-safe.
#pragma once

#include <string_view>

namespace keysift::lang {

enum class Language {
  unknown, // no extension we know and no #! line: read like a config file
  code,    // a value must be quoted to be a literal (C, Go, Java, JS/TS, Python, Ruby,
           // JSON, HCL…)
  interpolating, // code whose "…" strings interpolate $name (PHP, Perl)
  shell,         // a bare word is a literal (sh, Makefile, Dockerfile, PowerShell, batch)
  config,        // key = value files (INI, .env, properties, YAML, TOML, conf, XML)
  docs,          // prose that may quote any of the above (Markdown, reStructuredText, text)
};

// The language of the file at `path`. `head` is the start of its content (may be
// empty): a `#!` line there decides for a file whose name does not. Compressed and
// derived names are seen through: `x.json.gz` is JSON, `x.js.map` is JavaScript.
Language language_of(std::string_view path, std::string_view head);

// Where a finding sits: "test" (a test, fixture or mock directory or file, or a file
// named as test material such as `test-key.pem`), "example" (examples, samples, demos,
// `*.example` / `*.sample` files), "docs" (documentation directories and files), or ""
// for everything else. Judged from the path as reported, segment by segment.
std::string_view context_of(std::string_view path);

} // namespace keysift::lang
