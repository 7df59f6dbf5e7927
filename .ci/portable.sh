#!/usr/bin/env bash
# The portable build (KEYSIFT_PORTABLE: one static x86-64 Linux executable) and its
# Debian package, then their checks (tests/portable_e2e.sh): no dynamic dependency, a
# scan inside a chroot that holds only the binary and the data, the .deb installed with
# dpkg on a clean Debian 12 (a root made by mmdebstrap from Debian's archive).
# Run by .ci/test.sh; needs root (chroot). Usage: bash .ci/portable.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "portable: needs root (chroot, dpkg in a new root)" >&2; exit 2; }
build=build/portable
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKEYSIFT_PORTABLE=ON \
  -DKEYSIFT_TESTS=OFF -DKEYSIFT_WERROR=ON \
  -DKEYSIFT_ZSH_COMPLETIONS_DIR=share/zsh/vendor-completions >/dev/null
cmake --build "$build" --target keysift keysift_docs
(cd "$build" && cpack -G DEB >/dev/null)
bash tests/portable_e2e.sh "$build"
