#!/usr/bin/env bash
# clang-tidy over every first-party .cpp of a configured build (default build/dev), with
# the committed .clang-tidy; any finding is an error (WarningsAsErrors) and fails the run.
#   bash .ci/tidy.sh [BUILD_DIR] [REGEX]   (REGEX: paths from the repository root)
# Only the repository's own sources are checked: not the build directories (generated
# tables) and not system headers; headers are checked when a checked .cpp includes them.
# The build must have been configured (it writes compile_commands.json) and built once:
# some sources include headers the build generates.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build/dev}
dirs='(bench|cli|codec|fuzz|git|image|lang|policy|redact|reporters|rules|scanner|tests)'
files="^$root/${2:-$dirs/}"
[ -f "$build/compile_commands.json" ] || {
  echo "tidy: $build/compile_commands.json missing: configure the build first" >&2
  exit 2
}
# clang does not know GCC's -Wno-restrict (CMakeLists.txt): without this, -Werror turns
# the unknown option into an error in every file.
# The log keeps the findings only: not run-clang-tidy's colour codes, its command line per
# file, nor clang's count of the warnings it suppressed in system headers.
nice -n 5 run-clang-tidy-14 -quiet -p "$build" -j "$(nproc)" \
  -extra-arg=-Wno-unknown-warning-option \
  -header-filter="^$root/$dirs/" \
  "$files" 2>&1 |
  sed -u -e 's/\x1b\[[0-9;]*m//g' -e '/^clang-tidy-14 /d' -e '/^[0-9]* warnings\? generated\.$/d'
echo "tidy: no finding"
