#!/usr/bin/env python3
"""The gate (scanner/gate.h), one table: every source keysift reads (a directory walk, a
file named on the command line, standard input, `git --staged`, `git --range`, a history
audit, an image) x every reason an input is skipped (an allowlisted path, a binary file,
a file over --max-size). Each cell puts one file holding a synthetic token in that
source, runs the real binary with the reason's trigger and without it, and checks that
the file is skipped — no finding, exit 0, counted once under the reason in the JSON
report's stats.skipped — and that without the trigger the token is found (exit 1). Where
a source has no such property (stdin has no path, nor a size before it is read), the
cell says the input is scanned.

Usage: gate_e2e.py KEYSIFT_BINARY   (run by ctest)
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import run_in_own_git_home, tar_bytes  # noqa: E402

KEYSIFT = ""
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# The rules' global allowlist, and the project's allowlist for every rule (policy/).
CONFIG = """[allowlist]
paths = ['(^|/)fixtures/']

[[allowlists]]
description = "vendored code"
globs = ["**/vendored/**"]
"""


def token():
    """A synthetic GitHub-style token with a valid checksum; never a real credential."""
    digest = hashlib.sha256(b"keysift-gate-e2e").digest()
    body = "".join(B62[b % 62] for b in digest[:30])
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


LINE = f"token = {token()}\n".encode()

# case -> (the reason counted, path of the file, its bytes, arguments that trigger the
# skip, arguments that do not). The config is given in both runs: only the path differs
# for an allowlist.
REASONS = {
    "global allowlist": ("allowlisted path", "fixtures/creds.txt", LINE, [], None),
    "policy allowlist": ("allowlisted path", "vendored/creds.txt", LINE, [], None),
    "binary": ("binary", "creds.dat", b"\0\1\2" + LINE, [], ["--scan-binary"]),
    "too large": ("too large", "big.txt", LINE + b"# padding\n" * 300, ["--max-size", "1KiB"],
                  []),
}
# For an allowlisted path, the run without the trigger puts the file elsewhere.
UNLISTED = "src/creds.txt"
CLEAN = "notes/readme.txt"

# Sources where a reason cannot apply: the input is scanned whatever the trigger.
NOT_APPLICABLE = {("stdin", "global allowlist"), ("stdin", "policy allowlist"),
                  ("stdin", "too large")}


class Gate(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="keysift-gate-e2e-")
        self.config = os.path.join(self.dir, "gate.toml")
        with open(self.config, "w") as f:
            f.write(CONFIG)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def git(self, repo, *args):
        subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True)

    def place(self, root, rel, data):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def repo(self, name):
        """A repository whose first commit holds the policy (a range reads its base's)."""
        repo = os.path.join(self.dir, name)
        os.makedirs(repo)
        self.git(repo, "init", "-q")
        self.place(repo, ".keysift.toml", CONFIG.encode())
        self.git(repo, "add", ".")
        self.git(repo, "commit", "-qm", "policy")
        return repo

    # Each source: puts `data` at `rel`, and a clean file beside it (a run that scans
    # nothing is an error), and returns (arguments, stdin bytes).
    def source(self, kind, rel, data, n):
        root = os.path.join(self.dir, f"{kind}{n}")
        if kind == "dir":
            self.place(root, rel, data)
            self.place(root, CLEAN, b"nothing here\n")
            return ["scan", "-c", self.config, root], None
        clean = os.path.join(root, CLEAN)
        if kind in ("file", "stdin"):
            self.place(root, CLEAN, b"nothing here\n")
        if kind == "file":
            return ["scan", "-c", self.config, self.place(root, rel, data), clean], None
        if kind == "stdin":
            return ["scan", "-c", self.config, "-", clean], data
        if kind == "image":
            layer = tar_bytes([(rel, data), (CLEAN, b"nothing here\n")])
            manifest = json.dumps([{"Config": "config.json", "RepoTags": ["g:1"],
                                    "Layers": ["layer.tar"]}])
            config = json.dumps({"architecture": "amd64", "os": "linux"})
            os.makedirs(root, exist_ok=True)
            archive = os.path.join(root, "image.tar")
            with open(archive, "wb") as f:
                f.write(tar_bytes([("manifest.json", manifest.encode()),
                                   ("config.json", config.encode()), ("layer.tar", layer)]))
            return ["image", "-c", self.config, archive], None
        repo = self.repo(f"{kind}{n}")
        self.place(repo, rel, data)
        self.place(repo, CLEAN, b"nothing here\n")
        self.git(repo, "add", ".")
        if kind == "staged":
            return ["git", repo, "--staged"], None
        self.git(repo, "commit", "-qm", "add")
        if kind == "range":
            return ["git", repo, "--range", "HEAD~1..HEAD"], None
        return ["git", repo], None  # history

    def run_case(self, kind, case, triggered, n):
        _, rel, data, on, off = REASONS[case]
        extra = on if triggered else off
        if off is None and not triggered:
            rel, extra = UNLISTED, []
        if extra is None:
            extra = []
        args, stdin = self.source(kind, rel, data, n)
        r = subprocess.run([KEYSIFT, *args, *extra, "-f", "json", "--show-secrets"],
                           input=stdin, capture_output=True, timeout=300)
        out = r.stdout.decode()
        report = json.loads(out) if out.strip() else {}
        return r.returncode, report, r.stderr.decode()

    def test_every_source_every_reason(self):
        n = 0
        for kind in ("dir", "file", "stdin", "staged", "range", "history", "image"):
            for case, (reason, *_) in REASONS.items():
                with self.subTest(source=kind, case=case):
                    n += 1
                    code, report, err = self.run_case(kind, case, True, n)
                    found = [f["secret"] for f in report.get("findings", [])]
                    skipped = report.get("stats", {}).get("skipped", {})
                    if (kind, case) in NOT_APPLICABLE:
                        self.assertEqual(code, 1, err)
                        self.assertEqual(found, [token()])
                        self.assertNotIn(reason, skipped)
                    else:
                        self.assertEqual(code, 0, err)
                        self.assertEqual(found, [])
                        self.assertEqual(skipped.get(reason), 1, skipped)
                    n += 1
                    code, report, err = self.run_case(kind, case, False, n)
                    self.assertEqual(code, 1, err)
                    self.assertEqual([f["secret"] for f in report["findings"]], [token()])
                    self.assertNotIn(reason, report["stats"]["skipped"])


if __name__ == "__main__":
    KEYSIFT = sys.argv.pop(1)
    sys.exit(run_in_own_git_home("gate-e2e"))
