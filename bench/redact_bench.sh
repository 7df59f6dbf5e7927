#!/usr/bin/env bash
# Benchmark of `keysift redact`: throughput next to `cat` on the same synthetic log, and
# the latency it adds to each line of a live stream. Best of RUNS (default 5) wall-clock
# times; the load average is printed before and after, since a shared machine skews
# everything. The Hyperscan databases are compiled once into a private cache first, so
# the figures are those of a warm cache (see README: ~/.cache/keysift).
# Usage: bench/redact_bench.sh KEYSIFT [SIZE_MB] [LOG]   (KEYSIFT: a Release build;
# LOG: an existing output of gen_log.py of SIZE_MB, to skip generating it)
set -euo pipefail
ks=$(realpath "$1")
size_mb=${2:-500}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KEYSIFT_CACHE_DIR=$work/cache
log=${3:-$work/ci.log}
[ -f "$log" ] || python3 "$here/gen_log.py" $((size_mb * 1000000)) >"$log"
cat "$log" >/dev/null # warm the page cache
"$ks" redact <"$log" >/dev/null && echo x | "$ks" redact >/dev/null # warm the db cache

best() { # best of $runs wall-clock seconds of a shell command
  local b=999
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N); sh -c "$1"; e=$(date +%s.%N)
    b=$(echo "$e - $s" | bc -l | awk -v b="$b" '{print ($1 < b) ? $1 : b}')
  done
  echo "$b"
}
mbps() { echo "$size_mb / $1" | bc -l | xargs printf '%.0f'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "input: $size_mb MB synthetic CI log ($(wc -l <"$log") lines, $(grep -c ghp_ "$log") secrets)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
t_start=$(best ": | '$ks' redact >/dev/null")
t_line=$(best "echo x | '$ks' redact >/dev/null")
t_cat=$(best "cat '$log' >/dev/null")
t_catpipe=$(best "cat '$log' | cat >/dev/null")
t_redact=$(best "'$ks' redact <'$log' >/dev/null")
t_pipe=$(best "cat '$log' | '$ks' redact >/dev/null")
printf '%-40s %8s s %8s MB/s\n' "keysift redact startup (empty input)" "$t_start" "-"
printf '%-40s %8s s %8s MB/s\n' "keysift redact, one line (echo x |)" "$t_line" "-"
printf '%-40s %8s s %8s MB/s\n' "cat FILE >/dev/null" "$t_cat" "$(mbps "$t_cat")"
printf '%-40s %8s s %8s MB/s\n' "cat FILE | cat >/dev/null" "$t_catpipe" "$(mbps "$t_catpipe")"
printf '%-40s %8s s %8s MB/s\n' "keysift redact <FILE >/dev/null" "$t_redact" "$(mbps "$t_redact")"
printf '%-40s %8s s %8s MB/s\n' "cat FILE | keysift redact >/dev/null" "$t_pipe" "$(mbps "$t_pipe")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ks" redact <"$log" | cmp -s - "$log" && echo "output identical?! (secrets expected)" ||
  echo "masked: $("$ks" redact <"$log" | grep -c 'REDACTED') lines"
echo "latency per line (2000 lines, round trip through the filter):"
echo "  cat:            $(python3 "$here/redact_latency.py" 2000 cat)"
echo "  keysift redact: $(python3 "$here/redact_latency.py" 2000 "$ks" redact)"
