#!/usr/bin/env bash
# The "Get keysift" step of action.yml: finds or fetches a keysift binary and writes its
# path to the step's output `keysift`.
#  1. INPUT_VERSION set: download that release's portable binary (a static x86-64 Linux
#     executable) from INPUT_RELEASE_URL/vX.Y.Z/keysift-X.Y.Z-x86_64-linux and check it
#     against the release's .sha256 file;
#  2. else a keysift on PATH;
#  3. else, when the action itself is used at a release tag (ACTION_REF = vX.Y.Z), that
#     release, as in 1;
#  4. else build it from the action's own source (Debian/Ubuntu runners: the build
#     dependencies are installed with apt-get).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/keysift-bin"
mkdir -p "$dest"
output() { echo "keysift=$1" >>"${GITHUB_OUTPUT:-/dev/null}"; echo "keysift: using $1 ($("$1" --version | head -1))"; }

download() { # download VERSION
  local version=${1#v} base="${INPUT_RELEASE_URL:-https://github.com/keysift/keysift/releases/download}"
  local name="keysift-$version-x86_64-linux"
  [ "$(uname -s -m)" = "Linux x86_64" ] || { echo "keysift: release binaries are for x86-64 Linux, this runner is $(uname -s -m)" >&2; return 1; }
  curl --fail --silent --show-error --location --retry 3 -o "$dest/$name" "$base/v$version/$name"
  curl --fail --silent --show-error --location --retry 3 -o "$dest/$name.sha256" "$base/v$version/$name.sha256"
  (cd "$dest" && sha256sum --check --strict --quiet "$name.sha256") || {
    echo "keysift: $name does not match its .sha256: refusing it" >&2; return 1; }
  chmod +x "$dest/$name"
  output "$dest/$name"
}

if [ -n "${INPUT_VERSION:-}" ]; then
  download "$INPUT_VERSION"
elif command -v keysift >/dev/null 2>&1; then
  output "$(command -v keysift)"
elif [[ "${ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  download "$ACTION_REF"
else
  echo "keysift: no release named and none on PATH: building from $here"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends cmake ninja-build g++ pkg-config \
    libhyperscan-dev libgit2-dev libre2-dev libtomlplusplus-dev libfmt-dev libcli11-dev \
    nlohmann-json3-dev libarchive-dev zlib1g-dev libzstd-dev >/dev/null
  cmake -S "$here" -B "$dest/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKEYSIFT_TESTS=OFF \
    -DKEYSIFT_WERROR=OFF >/dev/null
  cmake --build "$dest/build" --target keysift
  output "$dest/build/cli/keysift"
fi
