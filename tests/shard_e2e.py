#!/usr/bin/env python3
"""Sharded history audits end to end (issue 16, item 5): `keysift git --shard I/N` and
`keysift report merge`.

A repository built with git holds synthetic secrets in many blobs over many commits: one
file edited commit after commit with its secret kept (the grouped finding spans blobs
that fall to different shards), a file copied to a second path, the same secret in
several files, an allow comment present in one version and gone in the next (the
earliest place decides), a secret in a commit message, a binary file, and a second pack
plus loose objects. The full audit runs once; then N shards run as separate processes
and their json reports are merged. The merged json must equal the single run's (timing
aside), the merged SARIF too, and validate against the SARIF 2.1.0 schema; the shards
must each have scanned a share, and their shares must add up to the whole.

Hostile input: bad --shard values, truncated or mistyped reports, huge numbers, deep
nesting, a report over the size limit, a shard given twice or missing, shards of
different repositories or of different N: each a clear error or an incomplete merge,
never a crash or a silent pass.

Usage: shard_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
"""
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zlib

from e2e_support import run_in_own_git_home

KEYSIFT = ""
SOURCE = ""
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
N = 3


def token(seed):
    """A synthetic GitHub-style token from a seed, with the CRC32 check keysift verifies
    (never a real credential)."""
    digest = hashlib.sha256(f"keysift-shard-e2e-{seed}".encode()).digest()
    body = "".join(B62[b % 62] for b in digest[:30])
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


def git(cwd, *args):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stdout}{r.stderr}")
    return r.stdout.strip()


def keysift(*args):
    return subprocess.run([KEYSIFT, *args], capture_output=True, text=True, input="",
                          timeout=300)


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def build_repo(root):
    """A history of 24 commits: ~60 files, secrets in many of them."""
    git(root, "init", "-q")
    for c in range(24):
        for f in range(c % 5, 60, 5):  # a fifth of the files change in each commit
            lines = [f"# file {f}, version {c}"]
            lines += [f"value_{k} = {k * f + c}" for k in range(f % 7 + 3)]
            if f % 4 == 0:  # a secret that stays across versions
                lines.insert(2, f'token = "{token(f)}"')
            if f % 9 == 1:  # a secret that changes with every version
                lines.append(f'rotated = "{token(f"{f}-{c}")}"')
            write(os.path.join(root, f"src/m{f % 6}/file{f}.py"), "\n".join(lines) + "\n")
        if c == 3:
            write(os.path.join(root, "conf/allowed.env"),
                  f"KEY={token('allow')}  # keysift:allow -- a test fixture\n")
        if c == 7:
            write(os.path.join(root, "conf/allowed.env"), f"KEY={token('allow')}\n")
        if c == 5:
            os.makedirs(os.path.join(root, "copy"), exist_ok=True)
            shutil.copy(os.path.join(root, "src/m0/file0.py"), os.path.join(root, "copy/file0.py"))
        if c == 9:
            write(os.path.join(root, "bin/blob.dat"), "\0\x01" + token("bin") + "\0", "w")
        if c % 6 == 2:
            write(os.path.join(root, f"shared/same{c}.txt"), f"x = {token('same')}\n")
        git(root, "add", "-A")
        message = f"commit {c}"
        if c == 11:
            message += f"\n\nrotated the key {token('message')}"
        git(root, "commit", "-q", "-m", message)
        if c == 15:
            git(root, "gc", "-q")  # a first pack; what follows is a second one or loose
        if c == 19:
            git(root, "repack", "-q", "-d")


def without_timing(report):
    report = copy.deepcopy(report)
    for key in ("seconds", "started", "ended", "cpu_seconds"):
        report["stats"].pop(key, None)
    return report


def sarif_without_timing(doc):
    doc = copy.deepcopy(doc)
    for run in doc["runs"]:
        for inv in run.get("invocations", []):
            for key in ("startTimeUtc", "endTimeUtc"):
                inv.pop(key, None)
        for key in ("seconds", "started", "ended", "cpu_seconds"):
            run.get("properties", {}).get("coverage", {}).pop(key, None)
    return doc


class ShardE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="keysift-shard-e2e-")
        cls.repo = os.path.join(cls.tmp, "repo")
        os.makedirs(cls.repo)
        build_repo(cls.repo)
        cls.shards = []
        for i in range(N):
            out = os.path.join(cls.tmp, f"shard{i}.json")
            r = keysift("git", cls.repo, "--shard", f"{i}/{N}", "-f", "json", "-o", out)
            assert r.returncode in (0, 1), r.stderr
            cls.shards.append(out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def load(self, path):
        with open(path) as f:
            return json.load(f)

    def merge(self, *files, fmt="json"):
        out = os.path.join(self.tmp, f"merged.{fmt}")
        if os.path.exists(out):
            os.remove(out)
        r = keysift("report", "merge", *files, "-f", fmt, "-o", out)
        return r, (self.load(out) if os.path.exists(out) and fmt != "jsonl" else None)

    def test_merge_equals_the_single_run(self):
        full = keysift("git", self.repo, "-f", "json")
        self.assertEqual(full.returncode, 1, full.stderr)
        single = json.loads(full.stdout)
        self.assertGreater(len(single["findings"]), 20)
        grouped = [f for f in single["findings"] if len(f.get("locations", [])) > 3]
        self.assertTrue(grouped, "some finding spans several blobs")
        r, merged = self.merge(*self.shards)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertNotIn("shard", merged)
        self.assertEqual(without_timing(merged), without_timing(single))
        # The merged run spans its shards: the first start, the last end, all their CPU.
        parts = [self.load(p)["stats"] for p in self.shards]
        self.assertEqual(merged["stats"]["started"], min(s["started"] for s in parts))
        self.assertEqual(merged["stats"]["ended"], max(s["ended"] for s in parts))
        self.assertAlmostEqual(merged["stats"]["cpu_seconds"],
                               sum(s["cpu_seconds"] for s in parts), places=2)

    def test_shards_split_the_blobs(self):
        reports = [self.load(p) for p in self.shards]
        full = json.loads(keysift("git", self.repo, "-f", "json").stdout)
        blobs = [r["stats"]["requested"].get("blobs", 0) for r in reports]
        self.assertEqual(sum(blobs), full["stats"]["requested"]["blobs"])
        for i, r in enumerate(reports):
            self.assertEqual((r["shard"]["index"], r["shard"]["count"]), (i, N))
            self.assertGreater(r["stats"]["files_scanned"], 0, f"shard {i} scanned nothing")
            self.assertLess(r["stats"]["files_scanned"], full["stats"]["files_scanned"])
        self.assertEqual(sum(r["stats"]["bytes_scanned"] for r in reports),
                         full["stats"]["bytes_scanned"])
        # Only shard 0 reports the walk: commit messages and the commits' count.
        self.assertIn("commits", reports[0]["stats"]["requested"])
        for r in reports[1:]:
            self.assertNotIn("commits", r["stats"]["requested"])
            self.assertFalse(any(f["path"] == "<commit message>" for f in r["findings"]))

    def test_merged_sarif_equals_the_single_runs_and_validates(self):
        full = keysift("git", self.repo, "-f", "sarif")
        self.assertEqual(full.returncode, 1, full.stderr)
        r, merged = self.merge(*self.shards, fmt="sarif")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(sarif_without_timing(merged), sarif_without_timing(json.loads(full.stdout)))
        schema = os.path.join(SOURCE, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
        v = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "tests", "validate_json.py"),
                            schema, os.path.join(self.tmp, "merged.sarif")],
                           capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)

    def test_merged_jsonl_lists_the_single_runs_findings(self):
        full = keysift("git", self.repo, "-f", "jsonl")
        r, _ = self.merge(*self.shards, fmt="jsonl")
        self.assertEqual(r.returncode, 1, r.stderr)
        with open(os.path.join(self.tmp, "merged.jsonl")) as f:
            self.assertEqual(f.read(), full.stdout)

    def test_show_allowed_is_carried(self):
        outs = []
        for i in range(2):
            out = os.path.join(self.tmp, f"allowed{i}.json")
            r = keysift("git", self.repo, "--shard", f"{i}/2", "-f", "json", "--show-allowed",
                        "-o", out)
            self.assertIn(r.returncode, (0, 1), r.stderr)
            outs.append(out)
        full = json.loads(keysift("git", self.repo, "-f", "json", "--show-allowed").stdout)
        self.assertTrue(full["allowed"], "the allow comment waved a finding through")
        r, merged = self.merge(*outs)
        self.assertEqual(without_timing(merged), without_timing(full))

    def test_bad_shard_values_are_usage_errors(self):
        for bad in ("0/0", "3/2", "2/2", "x/y", "1", "1/", "/3", "-1/3", "0/99999",
                    "1/2/3", " 0/2"):
            r = keysift("git", self.repo, "--shard", bad, "-f", "json")
            self.assertEqual(r.returncode, 2, f"{bad}: {r.stderr}")
            self.assertIn("--shard", r.stderr, bad)
        r = keysift("git", self.repo, "--shard", "0/2")  # text format
        self.assertEqual(r.returncode, 2)
        self.assertIn("-f json", r.stderr)
        r = keysift("git", self.repo, "--shard", "0/2", "--staged", "-f", "json")
        self.assertEqual(r.returncode, 2)

    def test_a_missing_shard_makes_the_merge_incomplete(self):
        r, merged = self.merge(self.shards[0], self.shards[2])
        self.assertIn(r.returncode, (1, 3), r.stderr)
        self.assertEqual(merged["stats"]["status"], "incomplete")
        self.assertTrue(any("1/3" in e["path"] for e in merged["errors"]))
        self.assertIn("shard 1/3", r.stderr)

    def test_a_shard_given_twice_makes_the_merge_incomplete(self):
        r, merged = self.merge(*self.shards, self.shards[1])
        self.assertIn(r.returncode, (1, 3), r.stderr)
        self.assertEqual(merged["stats"]["status"], "incomplete")
        self.assertIn("given twice", r.stderr)
        # The copy was left out: the counts are not doubled.
        full = json.loads(keysift("git", self.repo, "-f", "json").stdout)
        self.assertEqual(merged["stats"]["files_scanned"], full["stats"]["files_scanned"])

    def test_shards_of_different_audits_are_refused(self):
        other = os.path.join(self.tmp, "other")
        os.makedirs(other)
        git(other, "init", "-q")
        write(os.path.join(other, "a.txt"), f"k = {token('other')}\n")
        git(other, "add", "-A")
        git(other, "commit", "-q", "-m", "other")
        out = os.path.join(self.tmp, "other1.json")
        keysift("git", other, "--shard", "1/3", "-f", "json", "-o", out)
        r, _ = self.merge(self.shards[0], out, self.shards[2])
        self.assertEqual(r.returncode, 2)
        self.assertIn("different audits", r.stderr)
        self.assertIn("histories", r.stderr)
        out2 = os.path.join(self.tmp, "n2.json")
        keysift("git", self.repo, "--shard", "1/2", "-f", "json", "-o", out2)
        r, _ = self.merge(self.shards[0], out2)
        self.assertEqual(r.returncode, 2)
        self.assertIn("shard counts", r.stderr)
        plain = os.path.join(self.tmp, "plain.json")
        keysift("git", self.repo, "-f", "json", "-o", plain)
        r, _ = self.merge(plain)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a shard", r.stderr)

    def hostile(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w" if isinstance(text, str) else "wb") as f:
            f.write(text)
        r, _ = self.merge(path)
        self.assertEqual(r.returncode, 2, f"{name}: {r.stderr}")
        self.assertIn("keysift: error:", r.stderr, name)
        self.assertNotIn("internal error", r.stderr, name)
        return r.stderr

    def test_hostile_reports_are_errors(self):
        with open(self.shards[0]) as f:
            text = f.read()
        good = json.loads(text)
        for cut in (1, len(text) // 3, len(text) - 3):
            self.hostile(f"cut{cut}.json", text[:cut])
        self.hostile("empty.json", "")
        self.hostile("array.json", "[]")
        self.hostile("binary.json", b"\xff\xfe\x00{")
        self.assertIn("nests deeper", self.hostile("deep.json", "[" * 100000 + "]" * 100000))

        def mutated(name, change):
            doc = copy.deepcopy(good)
            change(doc)
            return self.hostile(name, json.dumps(doc))

        self.assertIn("line", mutated("line.json", lambda d: d["findings"][0].update(line="7")))
        mutated("neg.json", lambda d: d["findings"][0].update(column=-1))
        mutated("huge.json", lambda d: d["stats"].update(files_scanned=10 ** 40))
        mutated("float.json", lambda d: d["stats"].update(bytes_scanned=1.5))
        mutated("entropy.json", lambda d: d["findings"][0].update(entropy=1e308))
        mutated("index.json", lambda d: d["shard"].update(index=7))
        mutated("count.json", lambda d: d["shard"].update(count=0))
        mutated("ranks.json", lambda d: d["shard"].update(ranks=[1, 2]))
        mutated("findings.json", lambda d: d.update(findings={"a": 1}))
        mutated("loc.json", lambda d: d["findings"][0].update(locations=[5]))
        mutated("noshard.json", lambda d: d.pop("shard"))
        mutated("nostats.json", lambda d: d.pop("stats"))
        self.assertIn("started", mutated("when.json", lambda d: d["stats"].update(
            started="2026-13-45T99:00:00.000Z")))
        mutated("whentype.json", lambda d: d["stats"].update(ended=17))
        mutated("backwards.json", lambda d: d["stats"].update(
            started="2030-01-01T00:00:00.000Z", ended="2020-01-01T00:00:00.000Z"))
        mutated("cpu.json", lambda d: d["stats"].update(cpu_seconds=-1))
        mutated("locline.json", lambda d: d["findings"][0].update(
            locations=[{"path": "a", "line": "9" * 30}]))
        # Over the size limit: refused before it is read.
        big = os.path.join(self.tmp, "big.json")
        with open(big, "w") as f:
            f.truncate(65 * 1024 * 1024)
        r, _ = self.merge(big)
        self.assertEqual(r.returncode, 2)
        self.assertIn("over the limit", r.stderr)
        r, _ = self.merge(os.path.join(self.tmp, "absent.json"))
        self.assertEqual(r.returncode, 2)

    def test_a_clean_merge_exits_clean(self):
        clean = os.path.join(self.tmp, "clean")
        os.makedirs(clean)
        git(clean, "init", "-q")
        for c in range(4):
            write(os.path.join(clean, f"f{c}.txt"), f"nothing here {c}\n")
            git(clean, "add", "-A")
            git(clean, "commit", "-q", "-m", f"c{c}")
        outs = []
        for i in range(2):
            out = os.path.join(self.tmp, f"clean{i}.json")
            r = keysift("git", clean, "--shard", f"{i}/2", "-f", "json", "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            outs.append(out)
        r, merged = self.merge(*outs)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(merged["stats"]["status"], "complete")
        self.assertEqual(merged["stats"]["requested"]["commits"], 4)


if __name__ == "__main__":
    KEYSIFT, SOURCE = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(run_in_own_git_home("shard", sys.argv[3:]))
