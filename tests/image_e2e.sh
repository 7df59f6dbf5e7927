#!/usr/bin/env bash
# End-to-end tests of `keysift image` on real images built here with umoci and skopeo:
# an OCI layout with gzip layers, the same as a docker-archive, with zstd layers, as a
# tar; a secret added in one layer and deleted in the next (visible=no); secrets in Env
# and history; a multi-platform index; and bad input (truncated layer, digest mismatch,
# missing blob). Secrets are synthetic (ghp_token.py). Usage: image_e2e.sh KEYSIFT
set -euo pipefail
ks=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
rootless=()
[ "$(id -u)" -eq 0 ] || rootless=(--rootless)
skopeo_copy() { skopeo --insecure-policy copy -q "$@"; }
fails=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}
# Scans; leaves findings as "path|layer|visible|secret" lines, sorted, in found.txt, the
# JSONL in out.jsonl, stderr in err.txt and the exit code in $rc.
scan() {
  set +e
  "$ks" image "$@" -f jsonl --show-secrets >out.jsonl 2>err.txt
  rc=$?
  set -e
  jq -r '[.path, (.layer // "-"), (.visible // "-"), .secret] | join("|")' out.jsonl |
    sort >found.txt
}

read -r t_deleted t_kept t_env t_hist t_solo < <(python3 "$here/ghp_token.py" d k e h s | xargs)

# An image of two layers: layer 0 adds app/secret.txt, layer 1 deletes it and adds
# app/config.txt; the config has a secret in Env and one in a history entry.
umoci init --layout oci
umoci new --image oci:app
umoci unpack "${rootless[@]}" --image oci:app bundle >/dev/null
mkdir -p bundle/rootfs/app
echo "token=$t_deleted" >bundle/rootfs/app/secret.txt
echo "nothing to see" >bundle/rootfs/app/readme.txt
umoci repack --image oci:app --history.created_by "COPY secret.txt /app/" bundle
rm -rf bundle
umoci unpack "${rootless[@]}" --image oci:app bundle >/dev/null
rm bundle/rootfs/app/secret.txt
printf 'github:\n  token: %s\n' "$t_kept" >bundle/rootfs/app/config.txt
umoci repack --image oci:app --history.created_by "RUN rm /app/secret.txt" bundle
rm -rf bundle
umoci config --image oci:app --config.env "GH_TOKEN=$t_env" \
  --history.created_by "ARG TOKEN=$t_hist"
umoci gc --layout oci

expected="app/config.txt|1|yes|$t_kept
app/secret.txt|0|no|$t_deleted
config:Env|-|-|$t_env
config:history[2].created_by|-|-|$t_hist"
scan oci
check "oci layout, gzip layers" "$expected" "$(<found.txt)"
check "oci layout: exit code 1" 1 "$rc"
check "oci layout: image name" app "$(jq -r .image out.jsonl | sort -u)"
check "gzip layers" "application/vnd.oci.image.layer.v1.tar+gzip" \
  "$(jq -r '.manifests[0].digest' oci/index.json | cut -d: -f2 |
    xargs -I{} jq -r '.layers[].mediaType' oci/blobs/sha256/{} | sort -u)"

skopeo_copy oci:oci:app docker-archive:docker.tar:test/app:1
scan docker.tar
check "docker-archive" "$expected" "$(<found.txt)"
check "docker-archive: image name" "docker.io/test/app:1" "$(jq -r .image out.jsonl | sort -u)"

skopeo_copy --dest-compress-format zstd oci:oci:app oci:zstd:app
check "zstd layers" "application/vnd.oci.image.layer.v1.tar+zstd" \
  "$(jq -r '.manifests[0].digest' zstd/index.json | cut -d: -f2 |
    xargs -I{} jq -r '.layers[].mediaType' zstd/blobs/sha256/{} | sort -u)"
scan zstd
check "oci layout, zstd layers" "$expected" "$(<found.txt)"

tar -C oci -cf oci.tar .
scan oci.tar
check "oci layout packed as a tar" "$expected" "$(<found.txt)"

# Multi-platform: an index whose two manifests (one with gzip layers, one with zstd
# layers: different blobs) say linux/amd64 and linux/arm64.
cp -r oci multi
cp zstd/blobs/sha256/* multi/blobs/sha256/
jq --slurpfile z zstd/index.json \
  '.manifests = [(.manifests[0] | .platform = {os: "linux", architecture: "amd64"}),
                 ($z[0].manifests[0] | .platform = {os: "linux", architecture: "arm64", variant: "v8"})]' \
  oci/index.json >multi/index.json
scan multi
check "multi-platform: each platform named" "linux/amd64 4
linux/arm64/v8 4" "$(jq -r .platform out.jsonl | sort | uniq -c | awk '{print $2, $1}')"
# The same manifest listed three times is read once.
jq '.manifests = [.manifests[0], .manifests[0], .manifests[0]]' oci/index.json >multi/index.json
scan multi
check "a manifest listed three times: scanned once" "$expected" "$(<found.txt)"

# A one-layer image whose only secret is in that layer.
umoci init --layout solo
umoci new --image solo:s
umoci unpack "${rootless[@]}" --image solo:s bundle >/dev/null
for i in $(seq 1 2000); do echo "filler line $i $RANDOM$RANDOM"; done >bundle/rootfs/filler.txt
echo "key=$t_solo" >bundle/rootfs/solo.txt
umoci repack --image solo:s bundle
rm -rf bundle
layer=$(jq -r '.manifests[0].digest' solo/index.json | cut -d: -f2 |
  xargs -I{} jq -r '.layers[0].digest' solo/blobs/sha256/{} | cut -d: -f2)
scan solo
check "solo image" "solo.txt|0|yes|$t_solo" "$(<found.txt)"

cp -r solo truncated
blob=truncated/blobs/sha256/$layer
truncate -s $(($(stat -c %s "$blob") / 2)) "$blob"
scan truncated
check "truncated layer: nothing found" "" "$(<found.txt)"
check "truncated layer: exit code 3 (incomplete)" 3 "$rc"
check "truncated layer: error names the layer" 1 "$(grep -c "s layer 0 (sha256:${layer:0:12})" err.txt)"

cp -r solo mismatch
mkdir clean && echo "clean" >clean/readme.txt && tar -C clean -czf "mismatch/blobs/sha256/$layer" .
scan mismatch
check "digest mismatch: nothing found" "" "$(<found.txt)"
check "digest mismatch: exit code 3 (incomplete)" 3 "$rc"
check "digest mismatch: error" 1 "$(grep -c 'digest mismatch: expected sha256:' err.txt)"

cp -r oci missing
rm "missing/blobs/sha256/$(jq -r '.manifests[0].digest' oci/index.json | cut -d: -f2 |
  xargs -I{} jq -r '.layers[0].digest' oci/blobs/sha256/{} | cut -d: -f2)"
scan missing
check "missing blob: the rest is scanned" "app/config.txt|1|yes|$t_kept
config:Env|-|-|$t_env
config:history[2].created_by|-|-|$t_hist" "$(<found.txt)"
check "missing blob: error" 1 "$(grep -c 'missing blob' err.txt)"

set +e
"$ks" image "$work/nope" >/dev/null 2>&1
check "no such image: exit code 2" 2 "$?"
set -e

[ "$fails" -eq 0 ] && echo "image tests: all passed" || { echo "image tests: $fails failed"; exit 1; }
