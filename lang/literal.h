// Whether an assigned value is a literal — the only kind of value that can hold a
// secret — rather than code: a rule with `value = "literal"` (rules/README.md) keeps a
// finding only when this says yes. A quoted string is a literal unless it is a
// template or a format string (`f"…{x}"`, `"…{}".format(x)`, `"…%s" % x`), or, in shell,
// PHP and Perl, a double-quoted string that interpolates a variable (or, in shell, a
// command in backticks); an unquoted value is a literal where the file's language
// writes literals bare (shell, Makefile, Dockerfile, INI, .env, YAML, properties,
// prose, files of unknown kind) and code elsewhere (identifiers, member-access chains,
// calls, type annotations, keywords), except in a comment. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "lang/file_kind.h"

namespace keysift::lang {

struct ValueSite {
  std::string_view line; // the line holding the value (as much as the finding keeps)
  std::size_t start = 0; // where the value starts in `line`
  std::size_t size = 0;  // its length (clamped to the line)
  Language language = Language::unknown;
  bool line_cut = false; // `line` starts after the start of the line (a long line)
};

bool literal_value(const ValueSite& site);

// Whether a line of a code file (or its start, up to a value) is a comment, where prose
// follows rather than code: after blanks it starts with a comment marker (`//`, `/*`,
// `*`, `--`, `<!--`, `;`, or `#` other than a preprocessor directive or `#!`).
bool comment_line(std::string_view line);

} // namespace keysift::lang
