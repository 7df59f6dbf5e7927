#!/usr/bin/env bash
# End-to-end tests of where `keysift image` takes an image from (image/image_input.h):
# a `docker save` / `podman save` stream on stdin, docker-archive:, oci-archive: and oci:
# names, and docker-daemon:NAME through a real Docker Engine API — podman's compatible
# service (`podman system service`, Debian's podman, root, vfs storage in a temporary
# directory): no Docker daemon runs on the test machine. Images are built with umoci and
# skopeo; secrets are synthetic (ghp_token.py). Usage: image_inputs_e2e.sh KEYSIFT
set -euo pipefail
ks=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
service_pid=""
cleanup() {
  [ -z "$service_pid" ] || kill "$service_pid" 2>/dev/null || true
  [ -z "$service_pid" ] || wait "$service_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fails=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fails=$((fails + 1)); fi
}
scan() { # scan ARGS... (stdin passes through): found.txt = "image|path|secret", err.txt, $rc
  set +e
  "$ks" image "$@" -f jsonl --show-secrets >out.jsonl 2>err.txt
  rc=$?
  set -e
  jq -r '[.image, .path, .secret] | join("|")' out.jsonl | sort >found.txt
}

read -r t_layer t_env < <(python3 "$here/ghp_token.py" inputs-layer inputs-env | xargs)
umoci init --layout oci >/dev/null
umoci new --image oci:app
umoci unpack --image oci:app bundle >/dev/null
mkdir -p bundle/rootfs/app && echo "token=$t_layer" >bundle/rootfs/app/secret.txt
umoci repack --image oci:app bundle
rm -rf bundle
umoci config --image oci:app --config.env "GH_TOKEN=$t_env"
umoci gc --layout oci
skopeo --insecure-policy copy -q oci:oci:app docker-archive:docker.tar:test/app:1
skopeo --insecure-policy copy -q oci:oci:app oci-archive:app-oci.tar
expected="docker.io/test/app:1|app/secret.txt|$t_layer
docker.io/test/app:1|config:Env|$t_env"

scan - <docker.tar
check "stdin: a docker save stream" "$expected" "$(<found.txt)"
check "stdin: exit code 1" 1 "$rc"
cat docker.tar | scan -
check "stdin: from a pipe" "$expected" "$(<found.txt)"
scan docker-archive:docker.tar
check "docker-archive:" "$expected" "$(<found.txt)"
scan oci-archive:app-oci.tar
check "oci-archive:" "app/secret.txt|$t_layer
config:Env|$t_env" "$(cut -d'|' -f2- found.txt)"
scan oci:oci
check "oci:" "app/secret.txt|$t_layer
config:Env|$t_env" "$(cut -d'|' -f2- found.txt)"
check "leaves no spool file" "" "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'keysift-image-*' 2>/dev/null)"

scan - --max-spool 1 < <(head -c $((3 << 20)) /dev/urandom | cat docker.tar -)
check "stdin over the spool budget: exit code not 0 or 1" yes "$([ "$rc" -ge 2 ] && echo yes || echo "no ($rc)")"
check "stdin over the spool budget: says so" 1 "$(grep -c 'larger than the spool budget (1 MiB' err.txt)"
TMPDIR="$work/no-such-dir" scan - <docker.tar
check "stdin: the spool goes to TMPDIR" 1 "$(grep -c "cannot create a spool file in $work/no-such-dir" err.txt)"
scan - </dev/null
check "empty stdin: an error" 1 "$(grep -c 'the image stream is empty' err.txt)"
scan oci:app-oci.tar
check "oci: a file is not a directory" 1 "$(grep -c 'not a directory' err.txt)"
scan docker://registry.example/app:1
check "a registry reference: says how" 1 "$(grep -c 'skopeo copy docker://REF oci:DIR' err.txt)"
DOCKER_HOST=tcp://127.0.0.1:2375 scan docker-daemon:test/app:1
check "DOCKER_HOST tcp://: refused" 1 "$(grep -c 'only a local engine' err.txt)"
DOCKER_HOST=unix://$work/none.sock scan docker-daemon:test/app:1
check "no engine: says where it looked" 1 "$(grep -c "no Docker engine at $work/none.sock" err.txt)"

# podman: a real engine with the Docker-compatible API.
podman=(podman --root "$work/store" --runroot "$work/run" --storage-driver vfs
  --cgroup-manager cgroupfs --events-backend file)
"${podman[@]}" load -q -i docker.tar >/dev/null
"${podman[@]}" save -q --format docker-archive docker.io/test/app:1 | scan -
check "podman save | keysift image -" "$expected" "$(<found.txt)"
"${podman[@]}" save -q --format oci-archive -o podman-oci.tar docker.io/test/app:1
scan oci-archive:podman-oci.tar
check "podman save --format oci-archive" "app/secret.txt|$t_layer
config:Env|$t_env" "$(cut -d'|' -f2- found.txt)"
"${podman[@]}" system service --time=0 "unix://$work/podman.sock" 2>service.log &
service_pid=$!
for _ in $(seq 1 100); do
  curl -sf --unix-socket "$work/podman.sock" http://engine/_ping >/dev/null 2>&1 && break
  sleep 0.1 # waiting for a service to listen, not timing anything
done
DOCKER_HOST="unix://$work/podman.sock" scan docker-daemon:docker.io/test/app:1
check "docker-daemon: through the engine API" "$expected" "$(<found.txt)"
check "docker-daemon: exit code 1" 1 "$rc"
DOCKER_HOST="unix://$work/podman.sock" scan docker-daemon:test/nothing:9
check "docker-daemon: no such image" 1 "$(grep -c "the engine has no image 'test/nothing:9'" err.txt)"
check "docker-daemon: no such image: exit code not 0 or 1" yes "$([ "$rc" -ge 2 ] && echo yes || echo "no ($rc)")"

[ "$fails" -eq 0 ] && echo "image input tests: all passed" || { echo "image input tests: $fails failed"; exit 1; }
