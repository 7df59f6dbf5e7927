#!/usr/bin/env bash
# Quick start, command 2: set up, then build and run every test twice: a strict dev
# build (warnings are errors) and an ASan+UBSan build; run clang-tidy over the dev build's
# sources; and run every fuzz target for a bounded time (fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/setup.sh
jobs=$(nproc)

echo "== format check"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

echo "== dev build (Debug, -Werror)"
cmake -S . -B build/dev -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKEYSIFT_WERROR=ON >/dev/null
cmake --build build/dev -j "$jobs"

echo "== clang-tidy (.clang-tidy) over every first-party .cpp of the dev build"
bash .ci/tidy.sh build/dev

echo "== sanitizer build (ASan+UBSan)"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKEYSIFT_SANITIZE=ON >/dev/null
cmake --build build/asan -j "$jobs"

echo "== fuzz targets (clang, libFuzzer, ASan+UBSan), ${KEYSIFT_FUZZ_SECONDS:-20} s each"
CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKEYSIFT_FUZZ=ON -DKEYSIFT_TESTS=OFF >/dev/null
cmake --build build/fuzz -j "$jobs" --target fuzz_all
bash fuzz/run.sh build/fuzz "${KEYSIFT_FUZZ_SECONDS:-20}"

echo "== ThreadSanitizer: the pipeline, history, redact and codec tests"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEYSIFT_TSAN=ON >/dev/null
cmake --build build/tsan -j "$jobs" --target scanner_test sources_test git_test redact_test codec_test
ctest --test-dir build/tsan -L tsan -j "$jobs" --output-on-failure

echo "== portable build (static, Release) and its .deb on a clean Debian 12"
bash .ci/portable.sh

echo "== tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" \
  ctest --test-dir build/asan -j "$jobs" --output-on-failure

echo "== tests (dev build)"
ctest --test-dir build/dev -j "$jobs" --output-on-failure
