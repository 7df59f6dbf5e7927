// Path globs, as written in .keysift.toml allowlists (`globs`) and baseline entries
// (`path=`). The dialect is .gitignore's, on '/'-separated paths relative to the scanned
// root:
//   *      any run of characters except '/'      ?   one character except '/'
//   **     any run of characters, '/' included  [a-z] [!a-z] [^a-z]  a class
//   \x     the character x
// A glob with no '/' (other than a trailing one) matches a file or directory name at any
// depth ("*.pem" is "**/*.pem"); otherwise it is anchored at the root (a leading '/' is
// allowed and means the same). A glob that matches a directory matches everything below
// it ("tests/fixtures" and "tests/fixtures/" cover tests/fixtures/a/b.txt).
// A glob is translated to an RE2 regex (linear time whatever the input); matching is
// thread-safe once compiled.
#pragma once

#include <string>
#include <string_view>

#include "rules/status.h"

namespace keysift::policy {

// The anchored RE2 regex equivalent to `glob`, or why the glob is malformed (an
// unclosed class, a trailing backslash, an empty glob, a NUL byte).
Result<std::string> glob_to_regex(std::string_view glob);

// `path` relative to `root` when it lies below it ("./" prefixes and repeated '/'
// dropped), else `path` unchanged. Purely lexical: no file system access. `root` "" or
// "." means the path is already relative.
std::string relative_path(std::string_view path, std::string_view root);

} // namespace keysift::policy
