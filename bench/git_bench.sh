#!/usr/bin/env bash
# Benchmarks of `keysift git` (issue 3), on synthetic repositories made by
# corpus/git_repo_gen.py from a fixed seed:
#   history: a history audit against the floor of reading every object in pack order
#            (`git cat-file --batch-all-objects --batch --unordered`), wall and CPU time,
#            peak memory;
#   staged:  the pre-commit check of a one-line change in a 50,000-file repository,
#            process start included, with the rule-database cache warm and cold.
# Usage: bench/git_bench.sh KEYSIFT_BINARY [WORKDIR]   (WORKDIR keeps the repositories)
# Record the output in bench/results/git-*.md with the machine and its load.
set -euo pipefail
ks=$(realpath "$1")
work=${2:-/tmp/keysift-git-bench}
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
mkdir -p "$work"
cd "$work"
[ -d hist ] || python3 "$here/corpus/git_repo_gen.py" history hist --commits 10000 --seed 1
[ -d wide ] || python3 "$here/corpus/git_repo_gen.py" wide wide --files 50000 --seed 1

echo "## machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "keysift: $("$ks" --version); $(git --version)"

echo "## history ($(git -C hist rev-list --all | wc -l) commits," \
  "$(git -C hist count-objects -vH | awk '/size-pack/ {print $2, $3}') packed)"
timed() { # label command...: wall, user, sys, peak RSS of each run
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB peak" "${@:2}" \
      >/dev/null 2>>"$work/time.log" || true
    tail -1 "$work/time.log"
  done
}
timed "floor: git cat-file --batch-all-objects --batch --unordered" \
  git -C hist cat-file --batch-all-objects --batch --unordered
timed "keysift git -j 2 (history audit)" "$ks" git hist -j 2
timed "keysift git -j 1 (history audit)" "$ks" git hist -j 1

echo "## staged: one-line change in $(git -C wide ls-files | wc -l) tracked files"
echo "bench line $(date +%s)" >> wide/pkg1/sub1/f1.txt
git -C wide add pkg1/sub1/f1.txt
"$ks" git wide --staged >/dev/null 2>&1 || true # warms the database cache
if command -v hyperfine >/dev/null; then
  hyperfine -N -i -w 3 -r 20 "$ks git wide --staged" "git -C wide diff --cached --quiet" \
    --export-markdown "$work/staged.md" >/dev/null 2>&1 || true
  cat "$work/staged.md"
fi
timed "keysift git --staged (warm database cache)" "$ks" git wide --staged
KEYSIFT_NO_DB_CACHE=1 timed "keysift git --staged (no database cache)" "$ks" git wide --staged
