#!/usr/bin/env bash
# Benchmark of `keysift image`: scan throughput next to the floor `tar -xOf` of the same
# layers into /dev/null (decompress + untar, nothing else), on an image built here with
# umoci (gzip layers) and its zstd copy made with skopeo. Content: synthetic text files
# (seeded; a few synthetic tokens). Usage: bench/image_bench.sh KEYSIFT [LAYERS] [MB_PER_LAYER]
set -euo pipefail
ks=$(realpath "$1")
layers=${2:-3}
mb=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
rootless=()
[ "$(id -u)" -eq 0 ] || rootless=(--rootless)

umoci init --layout oci >/dev/null
umoci new --image oci:bench >/dev/null
for l in $(seq 1 "$layers"); do
  umoci unpack "${rootless[@]}" --image oci:bench bundle >/dev/null
  mkdir -p "bundle/rootfs/layer$l"
  for f in $(seq 1 20); do
    python3 "$here/gen_log.py" $((mb * 1000000 / 20)) "$l$f" >"bundle/rootfs/layer$l/file$f.txt"
  done
  umoci repack --image oci:bench bundle >/dev/null
  rm -rf bundle
done
skopeo --insecure-policy copy -q --dest-compress-format zstd oci:oci:bench oci:zstd:bench
blobs() { # layer blobs of the image in layout $1
  local m
  m=$(jq -r '.manifests[0].digest' "$1/index.json" | cut -d: -f2)
  jq -r '.layers[].digest' "$1/blobs/sha256/$m" | cut -d: -f2 | sed "s|^|$1/blobs/sha256/|"
}
total=$(for b in $(blobs oci); do tar -xzOf "$b" | wc -c; done | paste -sd+ | bc)
comp_gz=$(for b in $(blobs oci); do stat -c %s "$b"; done | paste -sd+ | bc)
comp_zst=$(for b in $(blobs zstd); do stat -c %s "$b"; done | paste -sd+ | bc)

best() {
  local b=999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); sh -c "$1" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    b=$(echo "$e - $s" | bc -l | awk -v b="$b" '{print ($1 < b) ? $1 : b}')
  done
  echo "$b"
}
mbps() { echo "$total / 1000000 / $1" | bc -l | xargs printf '%.0f'; }
gz_list=$(blobs oci | xargs)
zst_list=$(blobs zstd | xargs)
t_tar_gz=$(best "for b in $gz_list; do tar -xzOf \$b >/dev/null; done")
t_tar_zst=$(best "for b in $zst_list; do tar --zstd -xOf \$b >/dev/null; done")
t_ks_gz=$(best "'$ks' image oci -f jsonl")
t_ks_zst=$(best "'$ks' image zstd -f jsonl")
t_ks_gz1=$(best "'$ks' image oci -f jsonl -j 1")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "image: $layers layers, $((total / 1000000)) MB uncompressed; gzip $((comp_gz / 1000000)) MB, zstd $((comp_zst / 1000000)) MB"
printf '%-44s %8s s %6s MB/s\n' "floor: tar -xzOf each gzip layer >/dev/null" "$t_tar_gz" "$(mbps "$t_tar_gz")"
printf '%-44s %8s s %6s MB/s\n' "keysift image (gzip layers)" "$t_ks_gz" "$(mbps "$t_ks_gz")"
printf '%-44s %8s s %6s MB/s\n' "keysift image -j 1 (gzip layers)" "$t_ks_gz1" "$(mbps "$t_ks_gz1")"
printf '%-44s %8s s %6s MB/s\n' "floor: tar --zstd -xOf each layer >/dev/null" "$t_tar_zst" "$(mbps "$t_tar_zst")"
printf '%-44s %8s s %6s MB/s\n' "keysift image (zstd layers)" "$t_ks_zst" "$(mbps "$t_ks_zst")"
/usr/bin/time -f "keysift image (gzip) max RSS: %M KB" "$ks" image oci -f jsonl 2>&1 >/dev/null | tail -1
echo "findings: $("$ks" image oci -f jsonl | wc -l)"
