#!/usr/bin/env bash
# Throughput of `keysift scan` next to `cat` over the same files, warm cache.
# Usage: bench/scan_bench.sh [KEYSIFT] [GEN_MB]   (results: bench/results/scan-*.md)
set -euo pipefail
cd "$(dirname "$0")/.."
ks=${1:-build/release/cli/keysift}
gen_mb=${2:-1024}
work=${BENCH_DIR:-/tmp/keysift-bench}
gen=$work/generated-$gen_mb
[ -x "$ks" ] || { echo "no keysift binary at $ks (build Release first)" >&2; exit 2; }
[ -d "$gen" ] || /usr/bin/python3 corpus/generate.py "$gen" "$gen_mb" 1 >&2

measure() { # name dir -> one markdown row
  local name=$1 dir=$2 bytes files cat_s ks_s best
  bytes=$(find "$dir" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  files=$(find "$dir" -type f | wc -l)
  find "$dir" -type f -print0 | xargs -0 cat >/dev/null # warm the cache
  best() { # best wall time of 3 runs, in seconds
    local b=0 t0 t1 ns
    for _ in 1 2 3; do
      t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
      ns=$((t1 - t0)); if [ "$b" -eq 0 ] || [ "$ns" -lt "$b" ]; then b=$ns; fi
    done
    awk "BEGIN{printf \"%.3f\", $b/1e9}"
  }
  cat_s=$(best sh -c "find '$dir' -type f -print0 | xargs -0 cat")
  ks_s=$(best "$ks" scan --format json --output /dev/null "$dir")
  rc=0; "$ks" scan --format json --output /tmp/ks-bench-out.json "$dir" 2>/dev/null || rc=$?
  nf=$(/usr/bin/python3 -c 'import json;print(len(json.load(open("/tmp/ks-bench-out.json"))["findings"]))')
  echo "| $name | $files | $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") | $cat_s | $(awk "BEGIN{printf \"%.0f\", $bytes/1e6/($cat_s+1e-9)}") | $ks_s | $(awk "BEGIN{printf \"%.0f\", $bytes/1e6/($ks_s+1e-9)}") | $nf |"
}

out=bench/results/scan-$(date +%Y-%m-%d).md
{
  echo "# keysift scan throughput ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1e6}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
  echo "keysift $("$ks" --version | cut -d' ' -f2), $("$ks" rules list | tail -1), all cores, warm cache, best of 3."
  echo "Command: \`bench/scan_bench.sh $ks $gen_mb\`"
  echo
  echo "| tree | files | MB | cat s | cat MB/s | keysift s | keysift MB/s | findings |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  measure "generated (corpus/generate.py, seed 1)" "$gen"
  measure "/usr/include" /usr/include
} | tee "$out"
