#!/usr/bin/env bash
# Checks of the portable build (.ci/portable.sh) and its .deb:
#  - the executable is static: no interpreter, no NEEDED library, ldd says so;
#  - it scans a directory and a git repository inside a chroot that holds nothing but
#    itself and the data (no libc, no /etc, no HOME);
#  - the .deb depends on nothing, and on a clean Debian 12 (mmdebstrap's essential root,
#    from Debian's archive) `dpkg -i` installs it, `keysift --version` and a scan run, and
#    the man page and completions are where their tools look.
# Secrets are synthetic (ghp_token.py). Needs root. Usage: portable_e2e.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
ks="$build/cli/keysift"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}
token=$(python3 "$here/ghp_token.py" portable)
chroot=$(command -v chroot) # env -i clears PATH

check "static: ldd" "not a dynamic executable" "$(ldd "$ks" 2>&1 | sed 's/^[[:space:]]*//')"
check "static: no program interpreter" 0 "$(readelf -l "$ks" | grep -c 'program interpreter' || true)"
check "static: no NEEDED library" 0 "$(readelf -d "$ks" 2>/dev/null | grep -c NEEDED || true)"
check "--version says portable" "build: portable (static)" "$("$ks" --version | tail -1)"

root="$work/root"
mkdir -p "$root/data" "$root/tmp"
cp "$ks" "$root/keysift"
echo "token = $token" >"$root/data/leak.txt"
echo "nothing here" >"$root/data/clean.txt"
git init -q "$work/repo"
echo "TOKEN=$token" >"$work/repo/settings.env"
git -C "$work/repo" add -A
git -C "$work/repo" -c user.name=t -c user.email=t@example.com commit -q -m leak
cp -r "$work/repo" "$root/repo"
check "the chroot holds only keysift and the data" "data keysift repo tmp" "$(ls "$root" | xargs)"
set +e
out=$(env -i "$chroot" "$root" /keysift scan /data --format jsonl --show-secrets 2>"$work/err")
rc=$?
check "chroot: scan finds the secret" "1 /data/leak.txt github-pat" \
  "$rc $(printf '%s' "$out" | jq -r '[.path, .rule_id] | join(" ")')"
check "chroot: scan says nothing else" "" "$(cat "$work/err")"
env -i "$chroot" "$root" /keysift scan /data/clean.txt >/dev/null 2>&1
check "chroot: a clean file is clean" 0 "$?"
out=$(env -i "$chroot" "$root" /keysift git /repo --format jsonl 2>"$work/err")
rc=$?
check "chroot: a git history audit" "1 settings.env" \
  "$rc $(printf '%s' "$out" | jq -r .path)"
set -e

deb=$(ls "$build"/keysift_*_amd64.deb)
check "deb: depends on nothing" "" "$(dpkg-deb -f "$deb" Depends)"
check "deb: holds the binary, man page, completions and hooks" \
  "./usr/bin/keysift
./usr/share/bash-completion/completions/keysift
./usr/share/fish/vendor_completions.d/keysift.fish
./usr/share/keysift/hooks/pre-commit
./usr/share/man/man1/keysift.1
./usr/share/zsh/vendor-completions/_keysift" \
  "$(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ {print $6}' |
     grep -E 'bin/keysift$|man1|completions|hooks/pre-commit$' | sort)"

# A clean Debian 12: mmdebstrap's "essential" variant (dpkg and the Essential packages),
# downloaded from Debian's archive; cached under the build directory between runs.
rootfs="$build/debian12-essential.tar"
if [ ! -s "$rootfs" ]; then
  # --format: the name ".tmp" alone would make mmdebstrap write a directory.
  mmdebstrap --quiet --variant=essential --mode=root --format=tar bookworm "$rootfs.tmp" \
    http://deb.debian.org/debian && mv "$rootfs.tmp" "$rootfs"
fi
clean="$work/clean"
mkdir "$clean" && tar -C "$clean" -xf "$rootfs"
cp "$deb" "$clean/tmp/keysift.deb"
echo "key: $token" >"$clean/tmp/app.yaml"
check "clean Debian 12: no keysift before" "" "$(chroot "$clean" sh -c 'command -v keysift' || true)"
set +e
chroot "$clean" dpkg -i /tmp/keysift.deb >"$work/dpkg.log" 2>&1
check "clean Debian 12: dpkg -i" 0 "$?"
check "clean Debian 12: keysift --version" "keysift" \
  "$(chroot "$clean" keysift --version | head -1 | cut -d' ' -f1)"
chroot "$clean" keysift scan /tmp/app.yaml >/dev/null 2>&1
check "clean Debian 12: a scan finds the secret" 1 "$?"
set -e
check "clean Debian 12: man page and completions in place" "yes yes yes yes" \
  "$(for f in /usr/share/man/man1/keysift.1 /usr/share/bash-completion/completions/keysift \
       /usr/share/zsh/vendor-completions/_keysift /usr/share/fish/vendor_completions.d/keysift.fish; do
       [ -f "$clean$f" ] && printf 'yes ' || printf 'no '; done | xargs)"

[ "$fails" -eq 0 ] && echo "portable tests: all passed" || { echo "portable tests: $fails failed"; cat "$work/dpkg.log"; exit 1; }
