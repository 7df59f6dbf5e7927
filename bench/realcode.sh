#!/usr/bin/env bash
# Assembles the real-code corpus: source nobody on the team wrote, from pinned lists, in
# five parts — `tune` (rules are tuned on it), `holdout` (meant to be read only to
# measure; it has since been read to pick causes), `fresh`, `fresh2` and `fresh3` (Debian
# packages added later, each measured once before the rule changes that followed; see
# bench/realcode/debian-fresh*.txt).
#
#   bench/realcode.sh [DIR [PART...]]   (DIR: default $REALCODE_DIR, else /work/scratch/i13/realcode;
#                                        PART: tune holdout fresh fresh2 fresh3, default all)
#
# Result: DIR/tune, DIR/holdout, DIR/fresh, DIR/fresh2 and DIR/fresh3, each holding
# debian/<package>/ (unpacked Debian 12 source packages,
# bench/realcode/debian-{tune,holdout,fresh,fresh2,fresh3}.txt); tune and
# holdout also hold npm/<package>/ (the
# packages of bench/realcode/npm-packages.txt installed together with their dependencies;
# each installed package directory goes to one half by the first hex digit of the MD5 of
# its name: 0-a tune, b-f holdout). Downloads are kept under DIR/cache, so a second run
# only rebuilds the trees. Uses a private apt directory (never the system's apt config)
# and npm's registry; nothing is written outside DIR. Never commit DIR.
# Then: bench/realcode_report.py scans both halves with keysift and gitleaks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${REALCODE_DIR:-/work/scratch/i13/realcode}}
shift || true
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(tune holdout fresh fresh2 fresh3)
for half in "${parts[@]}"; do
  case $half in tune | holdout | fresh | fresh2 | fresh3) ;; *) echo "realcode: no part $half" >&2; exit 2 ;; esac
done
lists=$here/realcode
mkdir -p "$dir/cache/apt/lists/partial" "$dir/cache/apt/cache" "$dir/cache/debs" "$dir/cache/npm"
dir=$(cd "$dir" && pwd)

apt_dir=$dir/cache/apt
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
  >"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=/nonexistent"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")

pins() { grep -v '^\s*#' "$1" | grep -v '^\s*$'; }

failed=()
debian_half() { # half list-file
  local half=$1 list=$2 pin pkg ver dsc unpack=$dir/cache/unpack
  mkdir -p "$dir/$half/debian" "$unpack"
  while read -r pin; do
    pkg=${pin%%=*}
    ver=${pin#*=}
    dsc=$dir/cache/debs/${pkg}_${ver#*:}.dsc
    [ -d "$dir/$half/debian/$pkg" ] && continue
    if ! (cd "$dir/cache/debs" && apt-get "${apt_opts[@]}" source --download-only -q "$pin") >&2; then
      failed+=("$pin")
      continue
    fi
    # dpkg-source links the upstream tarballs beside the tree it unpacks: unpack apart.
    rm -rf "${unpack:?}"/*
    dpkg-source --no-check -x "$dsc" "$unpack/$pkg" >/dev/null
    mv "$unpack/$pkg" "$dir/$half/debian/$pkg"
  done < <(pins "$list")
}

npm_halves() {
  local npm=$dir/cache/npm
  if [ ! -f "$npm/installed" ]; then
    pins "$lists/npm-packages.txt" | python3 -c '
import json, sys
deps = {}
for line in sys.stdin:
    name, _, version = line.strip().rpartition("@")
    deps[name] = version
json.dump({"name": "realcode", "version": "1.0.0", "private": True, "dependencies": deps},
          open(sys.argv[1], "w"), indent=1)' "$npm/package.json"
    (cd "$npm" && npm install --ignore-scripts --no-audit --no-fund --legacy-peer-deps \
      --before=2025-06-01 >&2)
    touch "$npm/installed"
  fi
  mkdir -p "$dir/tune/npm" "$dir/holdout/npm"
  local entry name half
  for entry in "$npm"/node_modules/[!.]* "$npm"/node_modules/@*/*; do
    case $entry in */node_modules/@*/*) ;; */node_modules/@*) continue ;; esac
    name=${entry#"$npm/node_modules/"}
    case $(printf %s "$name" | md5sum | cut -c1) in [0-9a]) half=tune ;; *) half=holdout ;; esac
    if [ ! -e "$dir/$half/npm/$name" ]; then
      mkdir -p "$(dirname "$dir/$half/npm/$name")"
      cp -al "$entry" "$dir/$half/npm/$name"
    fi
  done
}

apt-get "${apt_opts[@]}" update -q >&2
npm=no
for half in "${parts[@]}"; do
  debian_half "$half" "$lists/debian-$half.txt"
  case $half in tune | holdout) npm=yes ;; esac
done
# The npm packages are split between tune and holdout, so either brings both.
[ $npm = no ] || npm_halves
if [ ${#failed[@]} -gt 0 ]; then
  echo "realcode: could not fetch ${failed[*]} (a bookworm point release replaced them, or the mirror does not serve them: change the pins in $lists)" >&2
  exit 2
fi
for half in "${parts[@]}"; do
  echo "$half: $(du -sb "$dir/$half" | cut -f1) bytes in $(find "$dir/$half" -type f | wc -l) files"
done
