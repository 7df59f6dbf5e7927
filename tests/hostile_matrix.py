#!/usr/bin/env python3
"""The hostile-input matrix (issue 12, item 4): one case per kind of input a repository,
an image or a tree can hold to crash, starve, hang or fool a scanner. Each case builds
its input here, at run time (nothing large is committed), runs the real keysift binary
in a fresh process with a generous timeout (a hang fails the case, it never stalls the
suite), and checks three things:

  * the outcome: the documented exit code (0 clean and complete, 1 findings, 2 error
    before or instead of a scan, 3 incomplete) and either a correct scan (the synthetic
    secrets that must be found are found, those that must not be read are not) or a
    clear error naming what was refused;
  * no crash: a signal (SIGSEGV, SIGABRT, the timeout's SIGKILL) is a failure;
  * peak memory: the child's maximum RSS (os.wait4's ru_maxrss) is within the case's
    limit in LIMIT_MIB below. Each limit is a constant, well above what keysift needs
    here and far below what the input would cost if it were read whole, expanded or
    believed (a 4 GiB file, a 1 TiB size header, a bomb): it does not grow with the
    input. Under ASan+UBSan (KEYSIFT_SANITIZED=1, set by CMake) keysift runs with a
    16 MiB quarantine (ASAN_OPTIONS quarantine_size_mb; the default 256 MiB of freed
    memory held back took the 200,000-file case to 589 MiB) and the limits are 3x + 300
    MiB: the sanitized binary starts at ~165-200 MiB, and shadow memory and the
    allocator's size classes grow with what keysift allocates.

Times are printed, never asserted (README: speed is shown by benchmarks). The table at
the end gives each case's exit code, peak RSS and seconds. Run alone:
`ctest --test-dir build/dev -L hostile` or `hostile_matrix.py KEYSIFT PEAK_RSS [-k NAME]` (PEAK_RSS: the
build's tests/peak_rss).
Secrets are synthetic GitHub-style tokens with a valid checksum, derived from a seed.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest
import zlib

KEYSIFT = ""
PEAK_RSS = ""
SANITIZED = os.environ.get("KEYSIFT_SANITIZED", "").upper() in ("1", "ON", "TRUE", "YES")
# Seconds: catches a hang, never a measure of speed. KEYSIFT_MATRIX_TIMEOUT shortens it
# when checking that a case fails as it should on a build made to hang.
TIMEOUT = int(os.environ.get("KEYSIFT_MATRIX_TIMEOUT", 600 if SANITIZED else 300))

# Peak RSS limit per case, MiB. keysift itself peaks at 15-34 MiB on every case here
# (Debug build, the built-in databases loaded; measured peaks in the README's "Hostile
# input" section): each limit leaves room for that and catches reading the case's input
# whole, expanding it or believing its sizes.
LIMIT_MIB = {
    "symlinks": 64,
    "special_files": 64,
    "sparse_4gib": 96,         # read whole, 4 GiB; streamed in 1 MiB slices
    "line_100mb": 96,          # read whole, 100 MiB and more
    "deep_dirs": 64,
    "many_files": 96,          # keeping 350 bytes per file would pass it
    "long_names": 64,
    "odd_paths": 64,
    "gzip_bomb_file": 96,      # stopped at 256 MiB expanded, streamed
    "zstd_bomb_file": 96,
    "nested_json": 96,         # refused before it is parsed (100,000 levels)
    "layer_bombs": 96,         # a 1 TiB entry, 64 MiB of zeros past the tar's end
    "tar_escapes": 64,
    "git_config": 64,
    "git_size_lies": 96,       # a blob claiming 1 TiB is never allocated
    "backtracking_rule": 96,
}
RESULTS = []  # (case, label, exit code, peak MiB, limit MiB, seconds)

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def token(seed):
    """A synthetic GitHub-style token: 30 base62 characters from a seed and their base62
    CRC32, the checksum keysift verifies (never a real credential)."""
    digest = hashlib.sha256(f"keysift-hostile-{seed}".encode()).digest()
    body = "".join(B62[b % 62] for b in digest[:30])
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


def secret_line(seed):
    return f'token = "{token(seed)}"\n'.encode()


def limit_mib(case):
    base = LIMIT_MIB[case]
    return base * 3 + 300 if SANITIZED else base


class Run:
    """One keysift process: exit code, output, peak RSS (MiB) and wall seconds."""

    def __init__(self, code, out, err, peak_mib, seconds):
        self.code, self.out, self.err = code, out, err
        self.peak_mib, self.seconds = peak_mib, seconds

    def json(self):
        return json.loads(self.out.decode("utf-8"))  # strict: the report is valid UTF-8


def keysift(*args, cwd=None, stdin=b"", env=None):
    """Runs keysift in a fresh process through peak_rss (tests/peak_rss.cpp: its peak RSS
    is keysift's own, not this test's, which builds large inputs). Output goes to files,
    so a chatty child cannot block on a full pipe. A signal gives a negative code."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryFile() as inp, tempfile.NamedTemporaryFile() as peak:
        inp.write(stdin)
        inp.seek(0)
        start = time.monotonic()
        if SANITIZED:  # a small quarantine: freed memory held back is not keysift's own
            env = dict(env if env is not None else os.environ)
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                                   ":quarantine_size_mb=16").lstrip(":")
        p = subprocess.Popen([PEAK_RSS, peak.name, KEYSIFT, *args], stdin=inp, stdout=out,
                             stderr=err, cwd=cwd, env=env)
        try:
            code = p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()  # and keysift with it (peak_rss's child dies with its parent)
            p.wait()
            code = -9
        if code > 128:
            code = -(code - 128)  # peak_rss: keysift was killed by this signal
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        kib = int(peak.read() or b"0")
        return Run(code, out.read(), err.read(), kib / 1024, seconds)


def git(cwd, *args, stdin=None):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, input=stdin,
                       timeout=120)
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stdout!r}{r.stderr!r}")
    return r.stdout.decode().strip()


class Case(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-hostile-")

    def tearDown(self):
        # rm, not shutil.rmtree: it recurses once a level, too deep for 5,000 levels.
        subprocess.run(["rm", "-rf", "--one-file-system", self.root], check=True)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, rel, data):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def run_case(self, case, label, *args, code, says=None, **kw):
        """Runs keysift for `case` and checks what every case must hold: the exit code
        (never a signal), the peak RSS within the case's limit, `says` in stderr."""
        r = keysift(*args, **kw)
        RESULTS.append((case, label, r.code, r.peak_mib, limit_mib(case), r.seconds))
        where = f"{case}/{label}: exit {r.code}\n{r.err.decode(errors='replace')[-3000:]}"
        self.assertGreaterEqual(r.code, 0, "killed by a signal (crash, or hung past the "
                                f"{TIMEOUT} s timeout): " + where)
        expected = code if isinstance(code, tuple) else (code,)
        self.assertIn(r.code, expected, where)
        self.assertLessEqual(r.peak_mib, limit_mib(case),
                             f"{case}/{label}: peak RSS {r.peak_mib:.0f} MiB")
        if says is not None:
            self.assertIn(says, r.err.decode(errors="replace"), where)
        return r

    def secrets(self, report):
        return sorted(f["secret"] for f in report["findings"])


# --- trees ---------------------------------------------------------------------------

class Trees(Case):
    def test_symlink_loops_and_links_out_of_the_root_are_not_followed(self):
        self.write("outside/host.txt", secret_line("outside"))
        self.write("tree/inside.txt", secret_line("inside"))
        tree = self.path("tree")
        os.symlink("loop", os.path.join(tree, "loop"))                 # itself
        os.symlink(".", os.path.join(tree, "dot"))                     # its directory
        os.symlink("..", os.path.join(tree, "up"))                     # out of the root
        os.symlink(self.path("outside"), os.path.join(tree, "outdir"))
        os.symlink(self.path("outside", "host.txt"), os.path.join(tree, "out.txt"))
        os.makedirs(os.path.join(tree, "a", "b"))
        os.symlink("../../a", os.path.join(tree, "a", "b", "cycle"))   # a -> b -> a
        r = self.run_case("symlinks", "scan", "scan", tree, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        self.assertEqual(self.secrets(report), [token("inside")])
        self.assertEqual(report["stats"]["skipped"].get("symlink"), 6, report["stats"])
        self.assertEqual(report["stats"]["status"], "complete")

    def test_fifos_sockets_and_devices_are_never_opened(self):
        tree = self.path("tree")
        self.write("tree/ok.txt", secret_line("special"))
        os.mkfifo(os.path.join(tree, "fifo"))  # no writer: an open for reading would hang
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(os.path.join(tree, "sock"))
        specials = 2
        try:  # a /dev/zero look-alike: reading it would never end
            os.mknod(os.path.join(tree, "zero"), 0o600 | stat.S_IFCHR, os.makedev(1, 5))
            os.mknod(os.path.join(tree, "null"), 0o600 | stat.S_IFCHR, os.makedev(1, 3))
            specials += 2
        except PermissionError:
            print("special_files: mknod not permitted, device nodes left out")
        try:
            r = self.run_case("special_files", "scan", "scan", tree, "--format", "json",
                              "--show-secrets", code=1)
        finally:
            sock.close()
        report = r.json()
        self.assertEqual(self.secrets(report), [token("special")])
        self.assertEqual(report["stats"]["skipped"].get("special file"), specials,
                         report["stats"])
        self.assertEqual(report["stats"]["status"], "complete")

    def test_a_4_gib_sparse_file(self):
        # Text, a 4 GiB hole (never written: truncate), a secret after it. Streamed in
        # 1 MiB slices: found at its line, memory flat.
        p = self.path("tree", "sparse.log")
        os.makedirs(os.path.dirname(p))
        with open(p, "wb") as f:  # text past the first 8000 bytes: not taken for binary
            f.write(b"log line\n" * 2000 + secret_line("sparse-head"))
            f.truncate(4 << 30)
            f.seek((4 << 30) - 64)
            f.write(b"\n" + secret_line("sparse-tail"))
        self.assertLess(os.stat(p).st_blocks * 512, 1 << 20)  # sparse indeed
        r = self.run_case("sparse_4gib", "scan", "scan", p, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        self.assertEqual(self.secrets(report), sorted([token("sparse-head"),
                                                       token("sparse-tail")]))
        self.assertEqual(report["stats"]["scanned"]["bytes"], 4 << 30)

    def test_a_100_mb_single_line(self):
        p = self.path("line.txt")
        filler = b"lorem ipsum dolor sit amet, consectetur adipiscing elit " * 64
        with open(p, "wb") as f:
            for i in range(2):
                for _ in range((50 << 20) // len(filler)):
                    f.write(filler)
                f.write(b" key" + str(i).encode() + b' = "' + token(f"line-{i}").encode() +
                        b'" ')
        r = self.run_case("line_100mb", "file", "scan", p, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        self.assertEqual(self.secrets(report), sorted([token("line-0"), token("line-1")]))
        self.assertEqual({f["line"] for f in report["findings"]}, {1})
        with open(p, "rb") as f:
            r = self.run_case("line_100mb", "stdin", "scan", "-", "--format", "json",
                              "--show-secrets", code=1, stdin=f.read())
        self.assertEqual(self.secrets(r.json()), sorted([token("line-0"), token("line-1")]))

    def test_5000_deep_directories(self):
        # 5,000 levels of "d/": 10,000 bytes of path, past PATH_MAX (4,096). What a path
        # can reach is scanned (a secret at level 100); below that the walk reports the
        # directory it cannot open as an `unreadable` gap: exit 3 without findings, never
        # a crash (the walk is iterative) or a silent pass.
        top = self.path("deep")
        os.makedirs(top)
        fd = os.open(top, os.O_RDONLY)
        try:
            for level in range(1, 5001):
                os.mkdir("d", dir_fd=fd)
                sub = os.open("d", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = sub
                if level in (100, 5000):
                    f = os.open("s.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                    os.write(f, secret_line(f"deep-{level}"))
                    os.close(f)
        finally:
            os.close(fd)
        r = self.run_case("deep_dirs", "scan", "scan", top, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        self.assertEqual(self.secrets(report), [token("deep-100")])
        self.assertEqual(report["stats"]["status"], "incomplete")
        self.assertEqual(report["stats"]["gaps"], {"unreadable": 1}, report["stats"])
        self.assertIn("File name too long", report["errors"][0]["reason"])
        # Without the reachable secret: exit 2, as for any run that read no file at all
        # (README: "nothing readable"), never 0.
        os.remove(os.path.join(top, *(["d"] * 100), "s.txt"))
        self.run_case("deep_dirs", "nothing readable", "scan", top, code=2,
                      says="File name too long")

    def test_200000_tiny_files(self):
        tree = self.path("many")
        os.makedirs(tree)
        count = 200_000
        for d in range(count // 1000):
            os.mkdir(os.path.join(tree, f"d{d:03d}"))
            for i in range(1000):
                f = os.open(os.path.join(tree, f"d{d:03d}", f"f{i:04d}.txt"),
                            os.O_WRONLY | os.O_CREAT, 0o644)
                os.write(f, secret_line("many") if (d, i) == (123, 456) else b"x = 1\n")
                os.close(f)
        r = self.run_case("many_files", "scan", "scan", tree, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        self.assertEqual([(f["path"], f["secret"]) for f in report["findings"]],
                         [(os.path.join(tree, "d123", "f0456.txt"), token("many"))])
        self.assertEqual(report["stats"]["scanned"]["files"], count)
        self.assertEqual(report["stats"]["status"], "complete")

    def test_very_long_file_names_and_paths(self):
        # NAME_MAX (255 bytes) at every level; a path of 3,900 bytes is scanned, one
        # past PATH_MAX is an `unreadable` gap that names it.
        tree = self.path("long")
        name = "n" * 255
        near = os.path.join(tree, *([name] * 14))
        os.makedirs(near)
        with open(os.path.join(near, "x" * 200), "wb") as f:
            f.write(secret_line("long-near"))
        fd = os.open(near, os.O_RDONLY)
        for _ in range(3):
            os.mkdir(name, dir_fd=fd)
            sub = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = sub
        f = os.open("x" * 255, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(f, secret_line("long-far"))
        os.close(f)
        os.close(fd)
        r = self.run_case("long_names", "scan", "scan", tree, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        self.assertEqual(self.secrets(report), [token("long-near")])
        self.assertEqual(report["stats"]["gaps"], {"unreadable": 1}, report["stats"])

    def test_invalid_utf8_newlines_and_escapes_in_paths(self):
        tree = self.path("odd").encode()
        names = [b"bad\xff\xfe.txt", b"new\nline.txt", b"esc\x1b[31mred.txt", b"tab\t.txt",
                 b"cr\r.txt"]
        os.makedirs(tree)
        for i, n in enumerate(names):
            with open(os.path.join(tree, n), "wb") as f:
                f.write(secret_line(f"odd-{i}"))
        expected = sorted(token(f"odd-{i}") for i in range(len(names)))
        r = self.run_case("odd_paths", "json", "scan", tree.decode(errors="surrogateescape"),
                          "--format", "json", "--show-secrets", code=1)
        self.assertEqual(self.secrets(r.json()), expected)
        r = self.run_case("odd_paths", "sarif", "scan", tree.decode(errors="surrogateescape"),
                          "--format", "sarif", code=1)
        self.assertEqual(len(r.json()["runs"][0]["results"]), len(names))
        # Text: one line per finding; no raw control character from a path reaches the
        # terminal (a newline would forge a line, an escape would recolour it).
        r = self.run_case("odd_paths", "text", "scan", tree.decode(errors="surrogateescape"),
                          code=1)
        for bad in (b"\x1b[31m", b"new\nline", b"\r"):
            self.assertNotIn(bad, r.out)

    def test_gzip_and_zstd_bombs_given_to_scan(self):
        # Non-zero bytes (zeros would be skipped as binary at once): expanded past 256 MiB
        # at more than 1000x, the stream is stopped, gap `limit`, exit 3.
        chunk = b"A" * (1 << 20)
        gz = self.path("bomb.log.gz")
        with open(gz, "wb") as f:  # 300 MiB at 1028x (deflate's best on repeated bytes)
            z = zlib.compressobj(9, zlib.DEFLATED, 31)
            for _ in range(300):
                f.write(z.compress(chunk))
            f.write(z.flush())
        zst = self.path("bomb.log.zst")
        z = subprocess.Popen(["zstd", "-q", "-o", zst], stdin=subprocess.PIPE)
        for _ in range(300):
            z.stdin.write(chunk)
        z.stdin.close()
        self.assertEqual(z.wait(), 0)
        for case, p in (("gzip_bomb_file", gz), ("zstd_bomb_file", zst)):
            r = self.run_case(case, "file", "scan", p, "--format", "json", code=3)
            stats = r.json()["stats"]
            self.assertEqual(stats["gaps"], {"limit": 1}, stats)
            with open(p, "rb") as f:
                r = self.run_case(case, "stdin", "scan", "-", "--format", "json", code=3,
                                  stdin=f.read())
            self.assertEqual(r.json()["stats"]["gaps"], {"limit": 1})


# --- images ----------------------------------------------------------------------------

def tar_bytes(entries, fmt=tarfile.GNU_FORMAT):
    """A tar of (TarInfo fields, data) pairs, written as given (no path clean-up)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for fields, data in entries:
            info = tarfile.TarInfo(fields["name"])
            for k, v in fields.items():
                setattr(info, k, v)
            if data is not None:
                info.size = len(data)
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def deep_json(levels=100_000):
    return "[" * levels + "]" * levels


LAYER_TAR = "application/vnd.oci.image.layer.v1.tar"
LAYER_GZ = LAYER_TAR + "+gzip"
LAYER_ZSTD = LAYER_TAR + "+zstd"


class Layout:
    """An OCI image layout written by hand: blobs stored under their sha256."""

    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "blobs", "sha256"))
        with open(os.path.join(root, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')

    def blob(self, data, media):
        data = data.encode() if isinstance(data, str) else data
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.root, "blobs", "sha256", digest), "wb") as f:
            f.write(data)
        return {"mediaType": media, "digest": "sha256:" + digest, "size": len(data)}

    def image(self, layers, config=None, manifest_extra=""):
        """layers: [(bytes, media type)]; returns the manifest's descriptor."""
        config = config or json.dumps({"architecture": "amd64", "os": "linux",
                                       "rootfs": {"type": "layers", "diff_ids": []}})
        cfg = self.blob(config, "application/vnd.oci.image.config.v1+json")
        descs = [self.blob(data, media) for data, media in layers]
        manifest = ('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",'
                    f'"config":{json.dumps(cfg)},"layers":{json.dumps(descs)}{manifest_extra}}}')
        desc = self.blob(manifest, "application/vnd.oci.image.manifest.v1+json")
        desc["platform"] = {"architecture": "amd64", "os": "linux"}
        return desc

    def index(self, manifests, extra=""):
        text = ('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",'
                f'"manifests":{json.dumps(manifests)}{extra}}}')
        with open(os.path.join(self.root, "index.json"), "w") as f:
            f.write(text)
        return text


def docker_archive(path, layer, config=None, manifest=None):
    config = config or json.dumps({"architecture": "amd64", "os": "linux"})
    manifest = manifest or json.dumps([{"Config": "config.json", "RepoTags": ["h:1"],
                                        "Layers": ["layer.tar"]}])
    with open(path, "wb") as f:
        f.write(tar_bytes([({"name": "manifest.json"}, manifest.encode()),
                           ({"name": "config.json"}, config.encode()),
                           ({"name": "layer.tar"}, layer)]))


class Images(Case):
    def layer(self, seed):
        return tar_bytes([({"name": "app/creds.txt"}, secret_line(seed))])

    def test_deeply_nested_json_in_every_json_an_image_carries(self):
        # Labels and Env are the config's fields keysift reads and copies: without the
        # depth check, 100,000 levels there crash it (SIGSEGV, the copy recurses).
        deep = deep_json()
        case = "nested_json"
        # OCI: index.json itself, a nested index, a manifest, a config. Each refused
        # before it is parsed, with an error naming the nesting; an intact second image
        # beside it is still scanned (its secret found, exit 1).
        def layout(name):
            lay = Layout(self.path(name))
            good = lay.image([(self.layer(f"{name}-good"), LAYER_TAR)])
            return lay, good

        lay, good = layout("oci-index")
        lay.index([good], extra=f',"annotations":{{"x":"y"}},"deep":{deep}')
        # Refused whole: nothing else to scan, an incomplete scan (gap `limit`, exit 3).
        self.run_case(case, "index.json", "image", lay.root, code=3, says="nested deeper")

        lay, good = layout("oci-nested-index")
        inner = lay.blob('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",'
                         f'"manifests":[],"deep":{deep}}}',
                         "application/vnd.oci.image.index.v1+json")
        lay.index([good, inner])
        r = self.run_case(case, "nested index", "image", lay.root, "--format", "json",
                          "--show-secrets", code=1, says="nested deeper")
        self.assertEqual(self.secrets(r.json()), [token("oci-nested-index-good")])

        lay, good = layout("oci-manifest")
        bad = lay.image([(self.layer("unreached"), LAYER_TAR)], manifest_extra=f',"deep":{deep}')
        lay.index([good, bad])
        r = self.run_case(case, "manifest", "image", lay.root, "--format", "json",
                          "--show-secrets", code=1, says="nested deeper")
        self.assertEqual(self.secrets(r.json()), [token("oci-manifest-good")])

        lay = Layout(self.path("oci-config"))
        img = lay.image([(self.layer("config-layer"), LAYER_TAR)],
                        config=f'{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"x":{deep}}}}}}}')
        lay.index([img])
        r = self.run_case(case, "config", "image", lay.root, "--format", "json",
                          "--show-secrets", code=1, says="nested deeper")
        self.assertEqual(self.secrets(r.json()), [token("config-layer")])
        self.assertEqual(r.json()["stats"]["status"], "incomplete")

        # docker-archive: manifest.json, then the config.
        arch = self.path("docker-manifest.tar")
        docker_archive(arch, self.layer("docker-m"), manifest=deep)
        self.run_case(case, "manifest.json", "image", arch, code=3, says="nested deeper")
        arch = self.path("docker-config.tar")
        docker_archive(arch, self.layer("docker-c"),
                       config=f'{{"config":{{"Labels":{{"x":{deep}}},"Env":[{deep}]}}}}')
        r = self.run_case(case, "docker config", "image", arch, "--format", "json",
                          "--show-secrets", code=1, says="nested deeper")
        self.assertEqual(self.secrets(r.json()), [token("docker-c")])

    def test_gzip_and_zstd_bomb_layers(self):
        # A small tar (one secret file), then 64 MiB of zeros past the tar's end: a
        # zero-filled bomb, stopped after 1 MiB (gap `limit`); the file before it is
        # scanned. And an entry whose header claims 1 TiB: refused at the header.
        tar = self.layer("bomb-layer")
        zeros = b"\0" * (1 << 20)
        gz = zlib.compressobj(9, zlib.DEFLATED, 31)
        gz_layer = gz.compress(tar) + b"".join(gz.compress(zeros) for _ in range(64))
        gz_layer += gz.flush()
        z = subprocess.run(["zstd", "-q", "-c"], input=tar + zeros * 64,
                           capture_output=True, check=True)
        huge = tar_bytes([({"name": "big.bin", "size": 1 << 40}, None)],
                         fmt=tarfile.PAX_FORMAT)[:-1024] + b"\0" * 4096
        other = (self.layer("bomb-other"), LAYER_TAR)  # a second, intact layer
        for label, layer, media in (("gzip", gz_layer, LAYER_GZ), ("zstd", z.stdout, LAYER_ZSTD),
                                    ("1 TiB entry", gzip.compress(huge), LAYER_GZ)):
            lay = Layout(self.path(label.replace(" ", "-")))
            lay.index([lay.image([(layer, media), other])])
            r = self.run_case("layer_bombs", label, "image", lay.root, "--format", "json",
                              "--show-secrets", code=1)
            report = r.json()
            self.assertEqual(report["stats"]["gaps"], {"limit": 1}, (label, report["stats"]))
            expected = [token("bomb-other")]
            if label != "1 TiB entry":  # the file before the zeros was read
                expected.append(token("bomb-layer"))
            self.assertEqual(self.secrets(report), sorted(expected), label)
        # The bomb alone: nothing else to scan, still an incomplete scan (exit 3; it was
        # once exit 2, "nothing readable", against the README).
        lay = Layout(self.path("bomb-alone"))
        lay.index([lay.image([(gzip.compress(huge), LAYER_GZ)])])
        self.run_case("layer_bombs", "1 TiB entry alone", "image", lay.root, code=3,
                      says="more than a layer may expand to")

    def test_tar_escapes_are_never_followed_or_extracted(self):
        # `../`, absolute and link entries naming a host file that holds a secret: the
        # host file is never read (its secret never found), nothing is written outside,
        # the entries' own contents are scanned under the names the archive gives.
        host = self.write("host/host-secret.txt", secret_line("host"))
        escape_dir = self.path("escape-target")
        rel = os.path.relpath(host, "/")
        entries = [
            ({"name": "../../../../" + escape_dir.lstrip("/") + "/dotdot.txt"},
             secret_line("dotdot")),
            ({"name": escape_dir + "/abs.txt"}, secret_line("abs")),
            ({"name": "etc/hard-abs", "type": tarfile.LNKTYPE, "linkname": host}, None),
            ({"name": "etc/hard-rel", "type": tarfile.LNKTYPE,
              "linkname": "../" * 12 + rel}, None),
            ({"name": "etc/sym", "type": tarfile.SYMTYPE, "linkname": host}, None),
            ({"name": "etc/ok.txt"}, secret_line("tar-ok")),
        ]
        lay = Layout(self.path("oci"))
        lay.index([lay.image([(tar_bytes(entries), LAYER_TAR)])])
        r = self.run_case("tar_escapes", "oci", "image", lay.root, "--format", "json",
                          "--show-secrets", code=1)
        report = r.json()
        found = self.secrets(report)
        self.assertNotIn(token("host"), found)
        self.assertIn(token("tar-ok"), found)
        self.assertIn(token("dotdot"), found)
        self.assertIn(token("abs"), found)
        self.assertFalse(os.path.exists(escape_dir))
        arch = self.path("escape.tar")
        docker_archive(arch, tar_bytes(entries))
        r = self.run_case("tar_escapes", "docker-archive", "image", arch, "--format", "json",
                          "--show-secrets", code=1)
        self.assertNotIn(token("host"), self.secrets(r.json()))
        self.assertFalse(os.path.exists(escape_dir))


# --- git -------------------------------------------------------------------------------

MARKER_SCRIPT = """#!/bin/sh
echo "$0 $*" >> {marker}
cat >/dev/null 2>&1 &
exit 0
"""
HOOKS = ("pre-commit", "post-checkout", "post-index-change", "pre-push", "post-merge",
         "reference-transaction", "fsmonitor-watchman", "pre-auto-gc", "post-rewrite")


class Git(Case):
    def repo(self):
        d = self.path("repo")
        os.makedirs(d)
        git(d, "init", "-q", "-b", "main")
        self.write("repo/.gitattributes", b"* filter=evil diff=evil merge=evil\n")
        self.write("repo/a.txt", b"plain\n")
        git(d, "add", "-A")
        git(d, "commit", "-qm", "base")
        self.write("repo/b.txt", secret_line("committed"))
        git(d, "add", "-A")
        git(d, "commit", "-qm", "adds a secret")
        self.write("repo/c.txt", secret_line("staged"))
        git(d, "add", "c.txt")
        return d

    def arm(self, d):
        """The config and hooks of a hostile repository: each would append to the marker
        file if anything ran it. Armed after the repository is built, so git's own
        commands above ran none of it."""
        marker = self.path("ran.txt")
        script = self.write("evil.sh", MARKER_SCRIPT.format(marker=marker).encode())
        os.chmod(script, 0o755)
        for hook in HOOKS:
            p = os.path.join(d, ".git", "hooks", hook)
            shutil.copy(script, p)
            os.chmod(p, 0o755)
        for key, value in (("core.fsmonitor", script), ("core.sshCommand", script),
                           ("core.pager", script), ("core.editor", script),
                           ("core.askPass", script), ("core.gitProxy", script),
                           ("filter.evil.clean", script), ("filter.evil.smudge", script),
                           ("filter.evil.process", script), ("filter.evil.required", "true"),
                           ("diff.external", script), ("diff.evil.textconv", script),
                           ("diff.evil.command", script), ("merge.evil.driver", script),
                           ("credential.helper", "!" + script), ("gpg.program", script),
                           ("uploadpack.packObjectsHook", script),
                           ("remote.origin.url", "ext::" + script),
                           ("protocol.ext.allow", "always"),
                           ("remote.origin.receivepack", script),
                           ("remote.origin.uploadpack", script)):
            git(d, "config", "--add", key, value)
        return marker

    def test_a_hostile_repository_config_runs_nothing(self):
        d = self.repo()
        head = git(d, "rev-parse", "HEAD")
        marker = self.arm(d)
        push = f"refs/heads/main {head} refs/heads/main {'0' * 40}\n".encode()
        modes = (("staged", ["--staged"], [token("staged")]),
                 ("range", ["--range", "HEAD~1..HEAD"], [token("committed")]),
                 ("pre-push", ["--pre-push"], [token("committed")]),
                 ("history", [], [token("committed")]),
                 # The staged blob is in the object store, unreachable: --all-objects reads it.
                 ("history, all objects", ["--all-objects"],
                  sorted([token("committed"), token("staged")])))
        for label, args, expected in modes:
            r = self.run_case("git_config", label, "git", d, *args, "--format", "json",
                              "--show-secrets", code=1, cwd=d,
                              stdin=push if label == "pre-push" else b"")
            self.assertEqual(self.secrets(r.json()), expected, label)
            self.assertFalse(os.path.exists(marker), (label, open(marker).read()
                                                      if os.path.exists(marker) else ""))
        r = self.run_case("git_config", "scan the work tree", "scan", d, code=1, cwd=d)
        self.assertFalse(os.path.exists(marker))
        self.run_case("git_config", "install-hooks", "install-hooks", code=2, cwd=d,
                      says="not written by keysift")
        self.run_case("git_config", "install-hooks --force", "install-hooks", "--force",
                      code=0, cwd=d)
        self.assertFalse(os.path.exists(marker))

    def loose(self, d, header, body):
        """Writes a loose object whose header says what `header` says, whatever the
        body's real size; returns its id (the hash of exactly these bytes)."""
        raw = header + b"\0" + body
        oid = hashlib.sha1(raw).hexdigest()
        p = os.path.join(d, ".git", "objects", oid[:2], oid[2:])
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(zlib.compress(raw))
        return oid

    def test_objects_whose_size_header_lies(self):
        d = self.path("repo")
        os.makedirs(d)
        git(d, "init", "-q", "-b", "main")
        self.write("repo/good.txt", secret_line("intact"))
        git(d, "add", "good.txt")
        good = git(d, "rev-parse", ":good.txt")
        body = b"victim file, no secret in it\n" * 4
        liars = {"tera.txt": self.loose(d, b"blob 1099511627776", body),     # 1 TiB
                 "short.txt": self.loose(d, b"blob 7", body),                 # too small
                 "neg.txt": self.loose(d, b"blob -5", body),
                 "junk.txt": self.loose(d, b"blob 12x", body)}
        for name, oid in liars.items():
            git(d, "update-index", "--add", "--cacheinfo", f"100644,{oid},{name}")
        tree_lines = "".join(f"100644 blob {oid}\t{name}\n"
                             for name, oid in sorted({**liars, "good.txt": good}.items()))
        tree = git(d, "mktree", "--missing", stdin=tree_lines.encode())
        base = git(d, "commit-tree", "-m", "base", git(d, "mktree", stdin=b""))
        commit = git(d, "commit-tree", "-p", base, "-m", "liars", tree)
        extra = ["--format", "json", "--show-secrets"]
        # Staged against an empty HEAD: the index adds every file.
        git(d, "update-ref", "refs/heads/main", base)
        runs = [("staged", ["--staged"], None),
                ("range", ["--range", "HEAD~1..HEAD"], commit),
                ("history", [], commit)]
        for label, args, head in runs:
            if head:
                git(d, "update-ref", "refs/heads/main", head)
            r = self.run_case("git_size_lies", label, "git", d, *args, *extra, code=1)
            report = r.json()
            self.assertEqual(self.secrets(report), [token("intact")], label)
            self.assertEqual(report["stats"]["status"], "incomplete", (label, report["stats"]))
            self.assertEqual(set(report["stats"]["gaps"]), {"corrupt"}, (label, report["stats"]))
            named = json.dumps(report["errors"]) + r.err.decode(errors="replace")
            for oid in liars.values():
                self.assertIn(oid, named, label)


# --- rules -------------------------------------------------------------------------------

# use_builtin = false: only these rules, so the case does not spend a minute of a Debug
# build compiling the built-in pack with them (a cold cache, as in CI).
BACKTRACKING_RULES = """
use_builtin = false

[[rules]]
id = "nested-plus"
description = "nested quantifiers: exponential in a backtracking engine"
regex = '''(a+)+b'''
examples = ["aaaab"]

[[rules]]
id = "overlapping-alternation"
description = "an alternation whose branches overlap, repeated"
regex = '''(a|aa|aaa)+c'''
examples = ["aaac"]

[[rules]]
id = "nested-dot-star"
description = "dot-star inside a counted repeat"
regex = '''(.*a){8}z'''
examples = ["aaaaaaaaz"]
"""


class Rules(Case):
    def test_rules_that_backtrack_catastrophically_elsewhere(self):
        # Hyperscan and RE2 run in linear time: 200,000 'a's that never complete a match
        # cost what any 200 KB does, in a --config file and in a project .keysift.toml.
        tree = self.path("tree")
        self.write("tree/input.txt", b"a" * 200_000 + b"!\n" + b"a" * 5000 + b"\n")
        cfg = self.write("rules.toml", BACKTRACKING_RULES.encode())
        env = dict(os.environ, KEYSIFT_CACHE_DIR=self.path("cache"))
        r = self.run_case("backtracking_rule", "--config", "scan", tree, "--config", cfg,
                          "--format", "json", code=0, env=env)
        self.assertEqual(r.json()["stats"]["status"], "complete")
        self.write("tree/.keysift.toml", BACKTRACKING_RULES.encode())
        self.write("tree/hit.txt", b"a" * 100_000 + b"b\n")
        r = self.run_case("backtracking_rule", ".keysift.toml", "scan", tree, "--format",
                          "json", code=1, env=env, cwd=tree)
        found = {(f["rule_id"], os.path.basename(f["path"])) for f in r.json()["findings"]}
        # The config's own examples are found in it too: it is a file of the tree.
        found.discard(("overlapping-alternation", ".keysift.toml"))
        found.discard(("nested-dot-star", ".keysift.toml"))
        found.discard(("nested-plus", ".keysift.toml"))
        self.assertEqual(found, {("nested-plus", "hit.txt")})


def print_table():
    print("\nhostile matrix: case, run, exit, peak RSS MiB (limit), seconds"
          + (" [sanitized: limits scaled]" if SANITIZED else ""))
    for case, label, code, peak, limit, secs in RESULTS:
        print(f"  {case:18} {label:22} {code:>4} {peak:8.1f} ({limit:5}) {secs:7.2f}")


def main():
    global KEYSIFT, PEAK_RSS
    KEYSIFT = os.path.abspath(sys.argv[1])
    PEAK_RSS = os.path.abspath(sys.argv[2])
    home = tempfile.mkdtemp(prefix="keysift-hostile-home-")
    # Run from a git hook or `git rebase -x`, GIT_DIR & co. would point every git
    # command below at the repository under test, not at the scratch repositories.
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        del os.environ[key]
    os.environ.update(HOME=home, GIT_CONFIG_NOSYSTEM="1", XDG_CACHE_HOME=home + "/cache",
                      GIT_AUTHOR_NAME="E2E", GIT_AUTHOR_EMAIL="e2e@example.com",
                      GIT_COMMITTER_NAME="E2E", GIT_COMMITTER_EMAIL="e2e@example.com")
    for key, value in (("init.defaultBranch", "main"), ("commit.gpgsign", "false")):
        subprocess.run(["git", "config", "--global", key, value], check=True)
    try:
        result = unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:], exit=False).result
    finally:
        print_table()
        shutil.rmtree(home, ignore_errors=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
