#!/usr/bin/env bash
# What installing keysift costs a user: the portable executable's size and dependencies,
# the .deb's size and a `dpkg -i` on a clean Debian 12, and the start-up time of a small
# scan (what a pre-commit hook pays on every commit), with the built-in databases taken
# from the binary and with them compiled at start (KEYSIFT_NO_DB_CACHE=1: what a run pays
# when the embedded databases do not fit the machine's CPU platform).
# Needs root (chroot) and the portable build: bash .ci/portable.sh
# Usage: bench/install_bench.sh [PORTABLE_BUILD_DIR] [DYNAMIC_KEYSIFT] [GITLEAKS]
# (results: bench/results/install-*.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/portable}
dynamic=${2:-build/release/cli/keysift}
gitleaks=${3:-/work/tools/gitleaks/usr/bin/gitleaks}
ks=$build/cli/keysift
[ -x "$ks" ] || { echo "no portable keysift at $ks (bash .ci/portable.sh first)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 2; }
deb=$(ls "$build"/keysift_*_amd64.deb)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mean_ms() { # hyperfine's mean in ms of the command (arguments), 5 warm-ups, >= 20 runs
  hyperfine -N --warmup 5 --min-runs 20 --export-json "$work/h.json" "$@" >/dev/null 2>&1
  /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0];
print("%.1f ± %.1f" % (r["mean"]*1e3, r["stddev"]*1e3))' "$work/h.json"
}
needed() { readelf -d "$1" 2>/dev/null | grep -c NEEDED || true; }

cp "$ks" "$work/keysift-stripped" && strip "$work/keysift-stripped"
echo "token = $(python3 tests/ghp_token.py bench)" >"$work/leak.txt"
echo "nothing to see" >"$work/clean.txt"
export HOME="$work/home" && mkdir -p "$HOME"

out=bench/results/install-$(date +%Y-%m-%d).md
{
  echo "# keysift install and start-up ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
  echo "keysift $("$ks" --version | head -1 | cut -d' ' -f2). Command: \`bench/install_bench.sh $*\`"
  echo
  echo "| what | figure |"
  echo "| --- | ---: |"
  echo "| portable executable (with symbols) | $(stat -c %s "$ks") bytes |"
  echo "| portable executable, stripped (as in the .deb) | $(stat -c %s "$work/keysift-stripped") bytes |"
  echo "| portable: NEEDED shared libraries | $(needed "$ks") |"
  if [ -x "$dynamic" ]; then
    echo "| dynamic build ($dynamic): NEEDED / ldd lines | $(needed "$dynamic") / $(ldd "$dynamic" | wc -l) |"
  fi
  echo "| .deb | $(stat -c %s "$deb") bytes |"
  rootfs=$build/debian12-essential.tar
  if [ -s "$rootfs" ]; then
    mkdir "$work/clean" && tar -C "$work/clean" -xf "$rootfs"
    cp "$deb" "$work/clean/tmp/keysift.deb"
    t0=$(date +%s%N)
    chroot "$work/clean" dpkg -i /tmp/keysift.deb >/dev/null 2>&1 && ok=ok || ok=FAILED
    t1=$(date +%s%N)
    echo "| \`dpkg -i\` on a clean Debian 12 (mmdebstrap essential) | $ok, $(( (t1 - t0) / 1000000 )) ms |"
  fi
  echo "| \`keysift --version\` | $(mean_ms "$ks --version") ms |"
  echo "| \`keysift scan\` one clean file (databases from the binary) | $(mean_ms "$ks scan $work/clean.txt") ms |"
  echo "| \`keysift scan\` one file with a token (exit 1) | $(mean_ms -i "$ks scan $work/leak.txt") ms |"
  echo "| same, databases compiled at start (KEYSIFT_NO_DB_CACHE=1) | $(KEYSIFT_NO_DB_CACHE=1 mean_ms -i "$ks scan $work/leak.txt") ms |"
  if [ -x "$gitleaks" ]; then
    # Debian's build leaves `gitleaks version` unset: name the package's version instead.
    gl_version=$(zcat "$(dirname "$gitleaks")/../share/doc/gitleaks/changelog.Debian.gz" 2>/dev/null |
      head -1 | sed -n 's/^gitleaks (\([^)]*\)).*/\1/p')
    echo "| gitleaks ${gl_version:-$("$gitleaks" version)} \`dir\` the same file (exit 1) | $(mean_ms -i "$gitleaks dir --no-banner $work/leak.txt") ms |"
  fi
} | tee "$out"
