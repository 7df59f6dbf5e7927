#!/usr/bin/env bash
# What the suppression stage costs: `keysift scan` of a generated tree with no policy,
# then with a 10,000-entry baseline that accepts every finding (plus entries that match
# nothing), and with the same entries as a .keysiftignore. Reported as user+sys CPU
# seconds (robust on a shared machine) and wall seconds, best of 3, one thread.
# Usage: bench/policy_bench.sh [KEYSIFT] [GEN_MB] [ENTRIES]   (results: bench/results/policy-*.md)
set -euo pipefail
cd "$(dirname "$0")/.."
ks=${1:-build/release/cli/keysift}
gen_mb=${2:-200}
entries=${3:-10000}
work=${BENCH_DIR:-/tmp/keysift-bench}
gen=$work/generated-$gen_mb
[ -x "$ks" ] || { echo "no keysift binary at $ks (build Release first)" >&2; exit 2; }
[ -d "$gen" ] || /usr/bin/python3 corpus/generate.py "$gen" "$gen_mb" 1 >&2
pol=$work/policy
rm -rf "$pol" && mkdir -p "$pol"

# The run's own findings become baseline entries; the rest are well-formed entries
# (seeded) for fingerprints that occur nowhere, a quarter of them path-scoped.
"$ks" scan -j1 --baseline "$pol/found.baseline" --update-baseline --output /dev/null \
  "$gen" >/dev/null 2>&1 || true
/usr/bin/python3 - "$pol/found.baseline" "$pol/big.baseline" "$pol/ignore" "$entries" <<'PY'
import random, sys
found = [l for l in open(sys.argv[1]).read().splitlines() if l and not l.startswith("#")]
rng = random.Random(14)
rules = ["github-pat", "aws-access-key-id", "slack-bot-token", "stripe-secret-key", "jwt"]
lines = list(found)
while len(lines) < int(sys.argv[4]):
    fp = f"{rng.choice(rules)}@{rng.getrandbits(128):032x}"
    lines.append(fp + (" path=src/**" if rng.random() < 0.25 else ""))
open(sys.argv[2], "w").write("\n".join(sorted(lines)) + "\n")
open(sys.argv[3], "w").write("\n".join(sorted(l.split()[0] for l in lines)) + "\n")
print(f"{len(found)} findings accepted; {len(lines)} entries", file=sys.stderr)
PY

best() { # best of 3: "cpu_s wall_s findings allowed"
  local b_cpu="" b_wall="" u s e cpu counts
  for _ in 1 2 3; do
    /usr/bin/time -o "$pol/time" -f "%U %S %e" "$@" --format json \
      --output "$pol/out.json" >/dev/null 2>&1 || true
    read -r u s e < <(tail -1 "$pol/time")
    cpu=$(awk "BEGIN{printf \"%.2f\", $u+$s}")
    if [ -z "$b_cpu" ] || awk "BEGIN{exit !($cpu < $b_cpu)}"; then b_cpu=$cpu; fi
    if [ -z "$b_wall" ] || awk "BEGIN{exit !($e < $b_wall)}"; then b_wall=$e; fi
  done
  counts=$(/usr/bin/python3 -c 'import json,sys;r=json.load(open(sys.argv[1]));print(len(r["findings"]),sum(r["stats"].get("allowed",{}).values()))' "$pol/out.json")
  echo "$b_cpu $b_wall $counts"
}

row() { # name command... -> markdown row
  local name=$1; shift
  read -r cpu wall nf na <<<"$(best "$@")"
  echo "| $name | $cpu | $wall | $nf | $na |"
}

out=bench/results/policy-$(date +%Y-%m-%d).md
{
  echo "# The suppression stage's cost ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
  echo "keysift $("$ks" --version | head -1 | cut -d' ' -f2); tree: corpus/generate.py $gen_mb MB, seed 1; one thread; best of 3."
  echo "Command: \`bench/policy_bench.sh $ks $gen_mb $entries\`"
  echo
  echo "| run | user+sys s | wall s | findings | allowed |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  row "no policy" "$ks" scan -j1 "$gen"
  row "--baseline ($entries entries)" "$ks" scan -j1 --baseline "$pol/big.baseline" "$gen"
  row "--baseline, --report-unused" "$ks" scan -j1 --baseline "$pol/big.baseline" --report-unused "$gen"
  cp "$pol/ignore" "$gen/.keysiftignore"
  row ".keysiftignore ($entries fingerprints)" "$ks" scan -j1 "$gen"
  rm -f "$gen/.keysiftignore"
} | tee "$out"
