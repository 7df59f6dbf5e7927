#!/usr/bin/env python3
"""Writes a seeded, synthetic OCI image layout for benchmarks, byte for byte the same for
the same arguments (fixed mtimes and owners in the layer tars, gzip without a name or a
time, fixed dates in the config).

Usage: gen_image.py OUT_DIR SIZE_MB [SEED] [LAYERS]

LAYERS (default 4, at least 3) gzip layers of about SIZE_MB / LAYERS MB each, uncompressed:
source-like text files (corpus/generate.py's lines, with its rare seeded credential-shaped
strings) and one file in five of random bytes (what binaries cost: detected, skipped).
Layer 1 adds app/secret.env holding a synthetic token; layer 2 deletes it with a whiteout
(`app/.wh.secret.env`), so a scanner must read the layer history to find it. The config
carries one more token in Env. Tokens are built from the seed: never real credentials.
The image is named `bench` (org.opencontainers.image.ref.name) in index.json.
"""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus"))
import generate  # noqa: E402  (corpus/generate.py: code_line, secret_line)

MTIME = 1_600_000_000
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def token(rng):
    """A GitHub-style token with a valid checksum and a seeded body."""
    body = "".join(rng.choice(B62) for _ in range(30))
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


class Hashing:
    """A write-only file that hashes and counts what goes through it."""

    def __init__(self, sink):
        self.sink, self.sha, self.size = sink, hashlib.sha256(), 0

    def write(self, data):
        self.sha.update(data)
        self.size += len(data)
        return self.sink.write(data)

    def flush(self):
        pass


class Layer:
    def __init__(self, tmp_path):
        self.raw = open(tmp_path, "wb")
        self.compressed = Hashing(self.raw)
        self.gz = gzip.GzipFile(fileobj=self.compressed, mode="wb", mtime=0, compresslevel=6)
        self.plain = Hashing(self.gz)
        self.tar = tarfile.open(fileobj=self.plain, mode="w|", format=tarfile.PAX_FORMAT)
        self.dirs = set()

    def _dir(self, path):
        parent = os.path.dirname(path)
        if not parent or parent in self.dirs:
            return
        self._dir(parent)
        self.dirs.add(parent)
        info = self._info(parent + "/", tarfile.DIRTYPE, 0o755)
        self.tar.addfile(info)

    @staticmethod
    def _info(name, kind, mode, size=0):
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.size, info.mtime = kind, mode, size, MTIME
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    def add(self, path, data):
        self._dir(path)
        self.tar.addfile(self._info(path, tarfile.REGTYPE, 0o644, len(data)), io.BytesIO(data))

    def close(self):
        self.tar.close()
        self.gz.close()
        self.raw.close()
        return self.plain.sha.hexdigest(), self.compressed.sha.hexdigest(), self.compressed.size


def text_file(rng, size):
    lines, length = [], 0
    while length < size:
        line = generate.secret_line(rng) if rng.random() < 0.0005 else generate.code_line(rng)
        lines.append(line)
        length += len(line) + 1
    return ("\n".join(lines) + "\n").encode()


def put_blob(blobs, data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return digest


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    layers = max(3, int(sys.argv[4]) if len(sys.argv) > 4 else 4)
    rng = random.Random(seed)
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    per_layer = size_mb * 1e6 / layers
    diff_ids, descriptors, history = [], [], []
    deleted_token, env_token = token(rng), token(rng)
    n = 0
    for index in range(layers):
        tmp = os.path.join(out, f"layer{index}.tmp")
        layer = Layer(tmp)
        written = 0
        if index == 1:
            data = f"GITHUB_TOKEN={deleted_token}\n".encode()
            layer.add("app/secret.env", data)
            written += len(data)
        if index == 2:
            layer.add("app/.wh.secret.env", b"")
        while written < per_layer:
            d = f"layer{index}/pkg{n // 200:03d}/mod{(n // 20) % 10}"
            size = min(int(rng.lognormvariate(9.2, 1.1)), 4 << 20)
            if rng.random() < 0.2:
                data = rng.randbytes(size)
                name = f"{d}/lib{n}.so"
            else:
                data = text_file(rng, size)
                name = f"{d}/file{n}{rng.choice(['.c', '.py', '.js', '.yaml', '.txt'])}"
            layer.add(name, data)
            written += len(data)
            n += 1
        diff_id, digest, size = layer.close()
        os.replace(tmp, os.path.join(blobs, digest))
        diff_ids.append("sha256:" + diff_id)
        descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                            "digest": "sha256:" + digest, "size": size})
        created_by = {1: "COPY secret.env /app/", 2: "RUN rm /app/secret.env"}.get(
            index, f"COPY layer{index} /layer{index}")
        history.append({"created": "2020-09-13T12:26:40Z", "created_by": created_by})
    config = json.dumps({
        "created": "2020-09-13T12:26:40Z", "architecture": "amd64", "os": "linux",
        "config": {"Env": ["PATH=/usr/bin:/bin", f"GH_TOKEN={env_token}"],
                   "Cmd": ["/bin/sh"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history}, sort_keys=True).encode()
    config_digest = put_blob(blobs, config)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + config_digest, "size": len(config)},
        "layers": descriptors}, sort_keys=True).encode()
    manifest_digest = put_blob(blobs, manifest)
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + manifest_digest, "size": len(manifest),
        "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, sort_keys=True)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    print(f"{layers} layers, {n} files, {size_mb:.0f} MB uncompressed in {out}")


if __name__ == "__main__":
    main()
