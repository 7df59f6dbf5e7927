#!/usr/bin/env python3
"""Writes the seed inputs of the image_json and layer_scan fuzz targets
(fuzz/corpus/NAME/), in the layouts their headers describe, from synthetic content.
image_json: a choice byte (1: docker archive) and JSON parts separated by "\\n--\\n",
"sha256:@N" standing for part N's digest. layer_scan: a choice byte (the streaming
threshold), a little-endian u16 length L, an upper layer of L bytes, the layer below.
Layers are tars written here (tarfile; GNU tar for a sparse entry; zstd if installed)."""
import gzip
import io
import json
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def write(name, file, data):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, file), "wb") as f:
        f.write(data)


def parts(docker, *texts):
    body = "\n--\n".join(t if isinstance(t, str) else json.dumps(t) for t in texts)
    return bytes([1 if docker else 0]) + body.encode()


CONFIG = {"architecture": "amd64", "os": "linux",
          "config": {"Env": ["PATH=/usr/bin", "APP_MODE=demo"], "Cmd": ["sh", "-c", "run"],
                     "Entrypoint": ["/init"], "Labels": {"maintainer": "seed", "n": 1}},
          "history": [{"created_by": "ARG MODE=demo"}, {"empty_layer": True},
                      {"created_by": "RUN make"}],
          "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]}}


def manifest(config_ref, layer_refs):
    return {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": config_ref},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest": r} for r in layer_refs]}


def desc(ref, media=OCI_MANIFEST, platform=None, annotations=None):
    d = {"mediaType": media, "digest": ref, "size": 1}
    if platform:
        d["platform"] = platform
    if annotations:
        d["annotations"] = annotations
    return d


def image_json_seeds():
    amd64 = {"os": "linux", "architecture": "amd64"}
    write("image_json", "oci_one_image", parts(
        False, {"schemaVersion": 2, "manifests": [desc(
            "sha256:@1", platform=amd64,
            annotations={"org.opencontainers.image.ref.name": "app:1"})]},
        manifest("sha256:@2", ["sha256:@3"]), CONFIG, "layer bytes"))
    write("image_json", "oci_nested_index", parts(
        False, {"schemaVersion": 2, "manifests": [desc("sha256:@1", OCI_INDEX)]},
        {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
            desc("sha256:@2", platform=amd64),
            desc("sha256:@2", platform=amd64),  # listed twice: read once
            desc("sha256:@3", platform={"os": "unknown", "architecture": "unknown"},
                 annotations={"vnd.docker.reference.type": "attestation-manifest"})]},
        manifest("sha256:@4", []), manifest("sha256:@4", ["sha256:@5"]), CONFIG,
        '{"_type": "https://in-toto.io/Statement/v0.1"}'))
    write("image_json", "docker_archive", parts(
        True, [{"Config": "p1", "RepoTags": ["app:1"], "Layers": ["p2", "blobs/sha256/00"]}],
        CONFIG, "layer bytes"))
    write("image_json", "deep_config", parts(
        False, {"schemaVersion": 2, "manifests": [desc("sha256:@1")]},
        manifest("sha256:@2", []), '{"config": {"Labels": ' + "[" * 70 + "]" * 70 + "}}"))
    write("image_json", "escaping_paths", parts(
        True, [{"Config": "../etc/passwd", "Layers": ["/abs"]}, {"Config": "p1"}], "{}"))


def tar_bytes(entries, fmt=tarfile.PAX_FORMAT):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as t:
        for e in entries:
            kind, name = e[0], e[1]
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            if kind == "file":
                info.size = len(e[2])
                t.addfile(info, io.BytesIO(e[2]))
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            elif kind in ("symlink", "hardlink"):
                info.type = tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE
                info.linkname = e[2]
                t.addfile(info)
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
                t.addfile(info)
    return out.getvalue()


def layers(threshold, upper, lower):
    return bytes([threshold]) + struct.pack("<H", len(upper)) + upper + lower


def sparse_tar():
    """A GNU tar with a sparse entry (a hole, then data), or None without GNU tar."""
    d = tempfile.mkdtemp(prefix="keysift-sparse-seed-")
    try:
        with open(os.path.join(d, "holes.bin"), "wb") as f:
            f.seek(256 << 10)
            f.write(b"TOKEN=synthetic-value\n")
        r = subprocess.run(["tar", "--sparse", "--format=gnu", "--mtime=@1700000000",
                            "-C", d, "-cf", "-", "holes.bin"], capture_output=True)
        return r.stdout if r.returncode == 0 else None
    finally:
        shutil.rmtree(d, ignore_errors=True)


def layer_scan_seeds():
    base = tar_bytes([("dir", "etc"), ("file", "etc/app.conf", b"password = seed-value\n"),
                      ("file", "opt/tool/readme.txt", b"hello\n" * 40),
                      ("file", "secret.env", b"KEY=1\n"), ("file", "keep.txt", b"kept\n")])
    write("layer_scan", "one_layer", layers(0, b"", base))
    upper = tar_bytes([("file", ".wh.secret.env", b""), ("file", "opt/.wh..wh..opq", b""),
                       ("file", "etc/app.conf", b"overwritten\n")])
    write("layer_scan", "whiteouts_and_opaque", layers(255, upper, base))
    write("layer_scan", "gzip_layer", layers(2, b"", gzip.compress(base, mtime=0)))
    links = tar_bytes([("symlink", "link", "/etc/shadow"), ("hardlink", "hard", "keep.txt"),
                       ("file", "../escape.txt", b"up\n"), ("file", "/abs.txt", b"abs\n"),
                       ("file", "./a//b/./c.txt", b"dots\n"), ("fifo", "pipe"),
                       ("file", "d/" + "n" * 200 + "/long.txt", b"long name\n")])
    write("layer_scan", "links_escapes_long_names", layers(1, b"", links))
    write("layer_scan", "gnu_format", layers(1, b"", tar_bytes(
        [("file", "g/" + "x" * 150, b"gnu long name\n")], tarfile.GNU_FORMAT)))
    sparse = sparse_tar()
    if sparse:
        write("layer_scan", "gnu_sparse", layers(4, b"", sparse))
    if shutil.which("zstd"):
        z = subprocess.run(["zstd", "-q", "-c"], input=base, capture_output=True, check=True)
        write("layer_scan", "zstd_layer", layers(3, b"", z.stdout))
    write("layer_scan", "zero_bomb", layers(0, b"", gzip.compress(base + bytes(2 << 20), mtime=0)))


if __name__ == "__main__":
    image_json_seeds()
    layer_scan_seeds()
