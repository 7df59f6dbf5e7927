#!/usr/bin/env bash
# Benchmark of `keysift redact`: throughput next to `cat` on the same synthetic log, and
# the latency it adds to each line of a live stream.
# Usage: bench/redact_bench.sh KEYSIFT [SIZE_MB]   (KEYSIFT: a Release build)
set -euo pipefail
ks=$(realpath "$1")
size_mb=${2:-500}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/ci.log
python3 "$here/gen_log.py" $((size_mb * 1000000)) >"$log"
cat "$log" >/dev/null # warm the page cache

best() { # best of 3 wall-clock seconds of a shell command
  local b=999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); sh -c "$1"; e=$(date +%s.%N)
    b=$(echo "$e - $s" | bc -l | awk -v b="$b" '{print ($1 < b) ? $1 : b}')
  done
  echo "$b"
}
mbps() { echo "$size_mb / $1" | bc -l | xargs printf '%.0f'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "input: $size_mb MB synthetic CI log ($(wc -l <"$log") lines, $(grep -c ghp_ "$log") secrets)"
t_start=$(best ": | '$ks' redact >/dev/null")
t_cat=$(best "cat '$log' >/dev/null")
t_catpipe=$(best "cat '$log' | cat >/dev/null")
t_redact=$(best "'$ks' redact <'$log' >/dev/null")
t_pipe=$(best "cat '$log' | '$ks' redact >/dev/null")
printf '%-40s %8s s %8s MB/s\n' "keysift redact startup (empty input)" "$t_start" "-"
printf '%-40s %8s s %8s MB/s\n' "cat FILE >/dev/null" "$t_cat" "$(mbps "$t_cat")"
printf '%-40s %8s s %8s MB/s\n' "cat FILE | cat >/dev/null" "$t_catpipe" "$(mbps "$t_catpipe")"
printf '%-40s %8s s %8s MB/s\n' "keysift redact <FILE >/dev/null" "$t_redact" "$(mbps "$t_redact")"
printf '%-40s %8s s %8s MB/s\n' "cat FILE | keysift redact >/dev/null" "$t_pipe" "$(mbps "$t_pipe")"
"$ks" redact <"$log" | cmp -s - "$log" && echo "output identical?! (secrets expected)" ||
  echo "masked: $("$ks" redact <"$log" | grep -c 'REDACTED') lines"
echo "latency per line (2000 lines, round trip through the filter):"
echo "  cat:            $(python3 "$here/redact_latency.py" 2000 cat)"
echo "  keysift redact: $(python3 "$here/redact_latency.py" 2000 "$ks" redact)"
