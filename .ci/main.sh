#!/usr/bin/env bash
# Quick start, command 1: set up, build a Release keysift, check the built-in rules,
# then scan the shipped sample tree (which holds synthetic secrets) and this repository
# (which must be clean: its fixtures are allowlisted by path in .keysift.toml).
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DKEYSIFT_TESTS=OFF >/dev/null
cmake --build build/release --target keysift
ks=build/release/cli/keysift

echo "== keysift rules check"
$ks rules check

echo "== keysift scan corpus/sample (synthetic secrets: findings expected)"
set +e
$ks scan corpus/sample --color=always
code=$?
set -e
[ "$code" -eq 1 ] || { echo "expected exit code 1 (findings), got $code" >&2; exit 1; }

echo "== keysift scan . (this repository: clean expected)"
$ks scan .
echo "main: ok"
