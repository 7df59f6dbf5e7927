#!/usr/bin/env bash
# Quick start, command 2: set up, then build and run every test twice: a strict dev
# build (warnings are errors) and an ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/setup.sh
jobs=$(nproc)

echo "== format check"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

echo "== dev build (Debug, -Werror)"
cmake -S . -B build/dev -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKEYSIFT_WERROR=ON >/dev/null
cmake --build build/dev -j "$jobs"

echo "== sanitizer build (ASan+UBSan)"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKEYSIFT_SANITIZE=ON >/dev/null
cmake --build build/asan -j "$jobs"

echo "== tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build/asan -j "$jobs" --output-on-failure

echo "== tests (dev build)"
ctest --test-dir build/dev -j "$jobs" --output-on-failure
