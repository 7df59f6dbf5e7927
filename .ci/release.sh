#!/usr/bin/env bash
# Builds a release's assets from the checked-out tag (README.md, "Releases"): the portable
# binary keysift-X.Y.Z-x86_64-linux, the Debian package, and a .sha256 file for each, in
# build/release-assets/. Runs the portable checks first. Usage: bash .ci/release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
bash .ci/portable.sh
version=$(sed -n 's/^project(keysift VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
tag=$(git describe --exact-match --tags HEAD 2>/dev/null || true)
[ "$tag" = "v$version" ] || echo "release: warning: HEAD is not tagged v$version (tag: ${tag:-none})" >&2
out=build/release-assets
rm -rf "$out" && mkdir -p "$out"
bin="$out/keysift-$version-x86_64-linux"
strip -o "$bin" build/portable/cli/keysift # as the .deb's: no symbols, same program
"$bin" --version >/dev/null
cp build/portable/keysift_"$version"_amd64.deb "$out/"
(cd "$out" && for f in *; do sha256sum "$f" >"$f.sha256"; done)
ls -l "$out"
