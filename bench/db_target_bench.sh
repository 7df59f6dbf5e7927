#!/usr/bin/env bash
# The built-in databases for this CPU against the generic x86-64 ones a binary uses on
# another CPU (scanner/db_cache.h): scan CPU over a tree, and start-up CPU of a one-line
# scan with each, and with no built-in databases at all (KEYSIFT_NO_DB_CACHE=1: what a
# run on another CPU cost before the generic ones shipped). User+sys CPU seconds (robust
# on a shared machine), median of RUNS, one thread, an empty cache directory each run.
# Usage: bench/db_target_bench.sh [KEYSIFT] [TREE] [RUNS]   (results: bench/results/db-target-*.md)
set -euo pipefail
cd "$(dirname "$0")/.."
ks=${1:-build/release/cli/keysift}
tree=${2:-/usr/include}
runs=${3:-5}
[ -x "$ks" ] || { echo "no keysift binary at $ks (build Release first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "keysift cache seed sample" >"$work/one.txt"

# cpu TARGET ARGS...: median user+sys seconds of `keysift ARGS` over RUNS runs.
cpu() {
  local target=$1 && shift
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/cache" && mkdir "$work/cache"
    local env=(KEYSIFT_CACHE_DIR="$work/cache")
    case $target in
      generic) env+=(KEYSIFT_DB_TARGET=generic) ;;
      none) env+=(KEYSIFT_NO_DB_CACHE=1) ;;
    esac
    env "${env[@]}" /usr/bin/time -f "%U %S" -o "$work/t" "$ks" "$@" >/dev/null 2>&1 || true
    times+=("$(awk '{printf "%.3f", $1 + $2}' "$work/t")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "| databases | scan of $tree (CPU s) | start-up: one-line file (CPU s) |"
echo "| --- | ---: | ---: |"
for target in host generic none; do
  scan=$(cpu "$target" scan -j1 -f json -o /dev/null "$tree")
  start=$(cpu "$target" scan -j1 -f json -o /dev/null "$work/one.txt")
  echo "| $target | $scan | $start |"
done
