#!/usr/bin/env bash
# Installs what keysift needs to build and test, from Debian's archive only.
# Idempotent: installs nothing when everything is present. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang clang-format clang-tidy
  libhyperscan-dev libgit2-dev libre2-dev libtomlplusplus-dev libfmt-dev doctest-dev
  libcli11-dev nlohmann-json3-dev libarchive-dev zlib1g-dev libzstd-dev libdeflate-dev
  jq python3 python3-jsonschema umoci skopeo pre-commit valgrind hyperfine
  man-db groff-base zsh fish python3-yaml curl podman mmdebstrap liblz4-dev libacl1-dev
  zstd
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
