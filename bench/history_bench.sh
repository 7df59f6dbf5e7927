#!/usr/bin/env bash
# A full-history audit of a real repository beside its floor and its peers (issue 16):
#   - the floors: `git cat-file --batch-all-objects --batch --unordered` (every object
#     read once, in pack order, one core) and `git log -p --all` (what a patch-based
#     scanner has git produce);
#   - keysift git with every core and with -j 1, and any other keysift binaries given
#     (a baseline, for before/after);
#   - gitleaks `git` mode, when GITLEAKS names its binary.
# Each is run RUNS times (default 3) under /usr/bin/time: wall, user, sys, peak RSS. On a
# busy machine compare user+sys CPU, not wall time. Findings counts are printed too, so
# that a faster run is also seen to find the same.
#
# Usage: bench/history_bench.sh REPO KEYSIFT [BASELINE_KEYSIFT...]
#   REPO: a git directory (bare or not). A partial clone's handful of missing blobs,
#   reachable only from refs/pull/*, must be dropped first (see bench/README.md).
#   env: RUNS=3, GITLEAKS=/path/to/gitleaks, OUT=results file (default: stdout only),
#        SKIP_LOG_P=1 to leave out `git log -p --all` (slow on a big history).
set -euo pipefail
repo=$(realpath "$1")
shift
runs=${RUNS:-3}
work=$(mktemp -d /tmp/keysift-history-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

say() { echo "$*"; }
timed() { # label command...: one line per run
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB peak RSS" "${@:2}" \
      >/dev/null 2>"$work/err" || true
    tail -1 "$work/err"
  done
}
count() { # label json-file: findings in a keysift JSON report
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["stats"]; print(sys.argv[2] + ":", len(r["findings"]), "findings,", s.get("files_scanned"), "blobs scanned,", s.get("status"))' "$2" "$1"
}

say "## machine"
say "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
say "$(git --version); date $(date -u +%FT%TZ)"
say "## repository: $repo"
say "$(git -C "$repo" rev-list --all | wc -l) commits from $(git -C "$repo" for-each-ref | wc -l) refs;" \
  "$(git -C "$repo" count-objects -vH | awk '/size-pack/ {print $2, $3}') packed"

say "## floors"
timed "git cat-file --batch-all-objects --batch --unordered" \
  git -C "$repo" cat-file --batch-all-objects --batch --unordered
[ -n "${SKIP_LOG_P:-}" ] || RUNS=1 timed "git log -p --all" git -C "$repo" log -p --all

for ks in "$@"; do
  ks=$(realpath "$ks")
  say "## $ks ($("$ks" --version 2>/dev/null | head -1))"
  timed "keysift git (all cores)" "$ks" git "$repo"
  timed "keysift git -j 1" "$ks" git "$repo" -j 1
  "$ks" git "$repo" --format json -o "$work/report.json" 2>/dev/null || true
  count "findings" "$work/report.json"
done

if [ -n "${GITLEAKS:-}" ]; then
  say "## gitleaks ($("$GITLEAKS" version 2>/dev/null))"
  RUNS=${GITLEAKS_RUNS:-1} timed "gitleaks git" "$GITLEAKS" git "$repo" --no-banner \
    --exit-code 0 --report-format json --report-path "$work/gitleaks.json"
  python3 -c 'import json,sys; print("gitleaks findings:", len(json.load(open(sys.argv[1]))))' \
    "$work/gitleaks.json"
fi
