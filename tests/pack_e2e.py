#!/usr/bin/env python3
"""keysift's own pack reader (git/object_reader.h, git/pack_scan.h) end to end.

Differential: on repositories built with git (deep delta chains after an aggressive gc,
a second pack, loose objects, ref deltas, renames, a merge, binary blobs), the history
audit finds exactly what scanning every reachable blob as git itself hands it out
(`git cat-file --batch`) finds: the same (rule, secret, line, column) for each unique blob.

Hostile packs: packs written here byte by byte (entries, deltas and a v2 index, as the
pack format documents them) whose blob entries lie: corrupt zlib data, sizes of a
terabyte, delta cycles, bases outside the pack, copies beyond their base, an index
pointing past the end, a truncated pack. Each must be an error for the objects involved,
reported as a gap (exit 3, or 1 when the intact blobs still hold a secret), never a
crash, a hang or a silent pass, and the run's memory must stay small whatever the entry
claims. Commits and trees are loose, so the walk itself is intact.

Usage: pack_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
"""
import hashlib
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

from gitpack import (BLOB, OFS_DELTA, REF_DELTA, entry_header, insert_delta, ofs_distance,
                     size_varint)

KEYSIFT = ""
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def token(seed):
    """A synthetic GitHub-style token from a seed, with the CRC32 check keysift verifies
    (never a real credential)."""
    digest = hashlib.sha256(f"keysift-pack-e2e-{seed}".encode()).digest()
    body = "".join(B62[b % 62] for b in digest[:30])
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


def git(cwd, *args, stdin=None, text=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, input=stdin,
                       text=text, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stdout}{r.stderr}")
    return r.stdout.strip() if text else r.stdout


def keysift(*args):
    """Runs keysift; returns the result and the peak RSS (KiB) of the children so far."""
    r = subprocess.run([KEYSIFT, *args], capture_output=True, text=True, input="",
                       timeout=300)
    return r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def finding_keys(report):
    """(rule, secret, line) of every finding and of each of its other locations: a
    history audit merges one secret's findings in the versions of one path into one
    finding whose locations keep their lines (git/group_findings.h)."""
    keys = set()
    for f in report["findings"]:
        keys.add((f["rule_id"], f["secret"], int(f["line"])))
        for l in f.get("locations", []):
            keys.add((f["rule_id"], f["secret"], int(l.get("line", f["line"]))))
    return keys


class Differential(unittest.TestCase):
    """The history audit against git's own reading of every reachable blob."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-pack-")
        self.repo = os.path.join(self.root, "repo")
        os.makedirs(self.repo)
        git(self.repo, "init", "-q", "-b", "main")
        git(self.repo, "config", "user.email", "t@example.invalid")
        git(self.repo, "config", "user.name", "t")

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, rel, data):
        p = os.path.join(self.repo, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    def history(self, start, commits):
        """Files edited a little at each commit (so gc stores delta chains), secrets
        added, moved and removed on the way, a binary blob holding one."""
        lines = [f"setting_{i} = value {i}\n" for i in range(300)]
        for c in range(start, start + commits):
            lines.insert((c * 37) % len(lines), f"# change {c}\n")
            if c % 9 == 3:
                lines.insert((c * 11) % len(lines), f"token_{c} = \"{token(c)}\"\n")
            if c % 13 == 5:
                del lines[(c * 7) % len(lines)]
            self.write("app/config.py", "".join(lines))
            self.write(f"docs/page{c % 4}.md", "".join(lines[: 40 + c]))
            if c % 10 == 0:
                self.write("bin/blob.dat", b"\x00\x01" + f"k={token(1000 + c)}\n".encode())
            if c % 17 == 8 and os.path.exists(os.path.join(self.repo, "app/config.py")):
                git(self.repo, "mv", "app/config.py", "app/settings.py")
                os.rename(os.path.join(self.repo, "app/settings.py"),
                          os.path.join(self.repo, "app/config.py"))
            git(self.repo, "add", "-A")
            git(self.repo, "commit", "-qm", f"commit {c}")

    def reference(self):
        """Every reachable blob as git reads it, scanned as a file of its own."""
        listed = git(self.repo, "rev-list", "--objects", "--all").splitlines()
        ids = [line.split()[0] for line in listed]
        kinds = git(self.repo, "cat-file", "--batch-check", stdin="\n".join(ids) + "\n")
        blobs = [l.split()[0] for l in kinds.splitlines() if l.split()[1] == "blob"]
        out = os.path.join(self.root, "blobs")
        os.makedirs(out)
        for oid in blobs:
            data = git(self.repo, "cat-file", "blob", oid, text=False)
            with open(os.path.join(out, oid), "wb") as f:
                f.write(data)
        r, _ = keysift("scan", out, "--format", "json", "--show-secrets")
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return finding_keys(json.loads(r.stdout)), len(blobs)

    def audit(self, *extra):
        r, _ = keysift("git", self.repo, "--format", "json", "--show-secrets", *extra)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["stats"]["status"], "complete", report["stats"])
        return finding_keys(report), report

    def check_equal(self):
        want, blobs = self.reference()
        got, report = self.audit()
        self.assertGreater(len(want), 5)
        self.assertEqual(got, want)
        self.assertEqual(report["stats"]["requested"]["blobs"], blobs)
        got1, _ = self.audit("-j", "1")
        self.assertEqual(got1, want)

    def test_packs_loose_and_chains(self):
        self.history(0, 40)
        git(self.repo, "checkout", "-qb", "side", "HEAD~10")
        self.history(100, 6)
        git(self.repo, "checkout", "-q", "main")
        git(self.repo, "merge", "-q", "--no-edit", "-X", "theirs", "side")
        git(self.repo, "gc", "-q", "--aggressive")
        self.history(200, 8)
        git(self.repo, "repack", "-dq")  # a second pack for the new objects
        self.history(300, 5)  # and loose ones
        self.check_equal()

    def test_ref_deltas(self):
        self.history(0, 30)
        git(self.repo, "-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq",
            "--depth=50")
        self.check_equal()


# --- hostile packs, written by hand ---------------------------------------------------

def oid_of(kind, data):
    return hashlib.sha1(f"{kind} {len(data)}\0".encode() + data).digest()


class Hostile(unittest.TestCase):
    GOOD = b"intact = \"" + token(7).encode() + b"\"\n"
    VICTIM = b"victim file, no secret in it\n" * 4

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-hostile-")
        self.repo = os.path.join(self.root, "repo")
        os.makedirs(self.repo)
        git(self.repo, "init", "-q", "-b", "main")

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def build(self, entries, index_offsets=None, truncate=None):
        """A repository whose one commit's tree names `good.txt` and each of `entries`
        (name -> (id, pack entry bytes)); the blobs live only in a hand-written pack."""
        good_id = oid_of("blob", self.GOOD)
        all_entries = [("good.txt", good_id, entry_header(BLOB, len(self.GOOD)) +
                        zlib.compress(self.GOOD))] + entries
        body, offsets = b"", {}
        for _, oid, raw in all_entries:
            offsets[oid] = 12 + len(body)
            body += raw
        pack = b"PACK" + struct.pack(">II", 2, len(all_entries)) + body
        pack += hashlib.sha1(pack).digest()
        if truncate is not None:
            pack = pack[:truncate(len(pack))]
        if index_offsets:
            offsets.update(index_offsets)
        ids = sorted(offsets)
        idx = b"\xfftOc" + struct.pack(">I", 2)
        idx += b"".join(struct.pack(">I", sum(1 for i in ids if i[0] <= b)) for b in range(256))
        idx += b"".join(ids) + b"".join(struct.pack(">I", 0) for _ in ids)
        idx += b"".join(struct.pack(">I", offsets[i]) for i in ids)
        idx += hashlib.sha1(pack).digest()
        idx += hashlib.sha1(idx).digest()
        pack_dir = os.path.join(self.repo, ".git", "objects", "pack")
        name = hashlib.sha1(b"".join(ids)).hexdigest()
        with open(os.path.join(pack_dir, f"pack-{name}.pack"), "wb") as f:
            f.write(pack)
        with open(os.path.join(pack_dir, f"pack-{name}.idx"), "wb") as f:
            f.write(idx)
        tree = b"".join(b"100644 " + n.encode() + b"\0" + oid
                        for n, oid, _ in sorted(all_entries, key=lambda e: e[0]))
        tree_id = git(self.repo, "hash-object", "-w", "-t", "tree", "--literally",
                      "--stdin", stdin=tree, text=False).decode().strip()
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
        commit = subprocess.run(["git", "commit-tree", tree_id, "-m", "hostile"],
                                cwd=self.repo, capture_output=True, text=True, env=env,
                                check=True).stdout.strip()
        git(self.repo, "update-ref", "refs/heads/main", commit)

    def expect_gap(self, victims, kinds=("corrupt", "limit")):
        r, peak_kib = keysift("git", self.repo, "--format", "json", "--show-secrets")
        self.assertEqual(r.returncode, 1, r.stderr[-3000:])  # the intact blob's secret
        report = json.loads(r.stdout)
        self.assertEqual([f["secret"] for f in report["findings"]], [token(7)])
        stats = report["stats"]
        self.assertEqual(stats["status"], "incomplete", stats)
        self.assertTrue(set(stats["gaps"]) & set(kinds), stats)
        named = " ".join(e["path"] + " " + e["reason"] for e in report["errors"])
        for v in victims:
            self.assertIn(v, named + r.stderr)
        self.assertLess(peak_kib, 1_500_000)  # a claimed terabyte is never allocated
        # Without the secret-holding blob in the way, the run says incomplete: exit 3.
        r, _ = keysift("git", self.repo, "--format", "json", "--exit-code", "0")
        self.assertEqual(json.loads(r.stdout)["stats"]["status"], "incomplete")
        return report

    def victim(self, raw, data=None):
        oid = oid_of("blob", data if data is not None else self.VICTIM)
        return ("victim.txt", oid, raw), oid.hex()

    def test_corrupt_zlib_data(self):
        z = bytearray(zlib.compress(self.VICTIM))
        for i in range(4, len(z) - 4):
            z[i] ^= 0x5A
        e, name = self.victim(entry_header(BLOB, len(self.VICTIM)) + bytes(z))
        self.build([e])
        self.expect_gap([name])

    def test_size_of_a_terabyte(self):
        e, name = self.victim(entry_header(BLOB, 1 << 40) + zlib.compress(self.VICTIM))
        self.build([e])
        self.expect_gap([name])

    def test_delta_claiming_a_terabyte(self):
        good_len = len(self.GOOD)
        d = bytearray(size_varint(good_len) + size_varint(1 << 40))
        d += bytes([0x90 | 0x01, 0, good_len])  # copy the base … then nothing more
        e, name = self.victim(entry_header(OFS_DELTA, len(d)) + ofs_distance(
            len(entry_header(BLOB, good_len) + zlib.compress(self.GOOD))) + zlib.compress(
                bytes(d)))
        self.build([e])
        self.expect_gap([name])

    def test_ref_delta_cycle(self):
        a_data, b_data = b"a version\n", b"b version\n"
        a_id, b_id = oid_of("blob", a_data), oid_of("blob", b_data)
        da, db = insert_delta(len(b_data), a_data), insert_delta(len(a_data), b_data)
        a = ("a.txt", a_id, entry_header(REF_DELTA, len(da)) + b_id + zlib.compress(da))
        b = ("b.txt", b_id, entry_header(REF_DELTA, len(db)) + a_id + zlib.compress(db))
        self.build([a, b])
        self.expect_gap([a_id.hex(), b_id.hex()])

    def test_offset_delta_on_itself_and_before_the_pack(self):
        d = insert_delta(0, self.VICTIM)
        e1, n1 = self.victim(entry_header(OFS_DELTA, len(d)) + ofs_distance(0) +
                             zlib.compress(d))
        other = b"second victim\n"
        d2 = insert_delta(0, other)
        e2 = ("w.txt", oid_of("blob", other),
              entry_header(OFS_DELTA, len(d2)) + ofs_distance(1 << 30) + zlib.compress(d2))
        self.build([e1, e2])
        self.expect_gap([n1, e2[1].hex()])

    def test_copy_beyond_the_base(self):
        d = bytearray(size_varint(len(self.GOOD)) + size_varint(64))
        d += bytes([0x80 | 0x01 | 0x10, 0xF0, 64])  # copy 64 bytes at 240: past the base
        base_entry = entry_header(BLOB, len(self.GOOD)) + zlib.compress(self.GOOD)
        e, name = self.victim(entry_header(OFS_DELTA, len(d)) + ofs_distance(len(base_entry)) +
                              zlib.compress(bytes(d)))
        self.build([e])
        self.expect_gap([name])

    def test_index_offset_past_the_end(self):
        e, name = self.victim(entry_header(BLOB, len(self.VICTIM)) + zlib.compress(self.VICTIM))
        self.build([e], index_offsets={e[1]: 0x7FFF0000})
        self.expect_gap([name])

    def test_truncated_pack(self):
        e, name = self.victim(entry_header(BLOB, len(self.VICTIM)) + zlib.compress(self.VICTIM))
        self.build([e], truncate=lambda n: n - 20 - 30)  # into the victim's zlib data
        r, _ = keysift("git", self.repo, "--format", "json", "--show-secrets")
        self.assertIn(r.returncode, (1, 3), r.stderr[-3000:])
        report = json.loads(r.stdout)
        self.assertEqual(report["stats"]["status"], "incomplete", report["stats"])
        self.assertIn(name, json.dumps(report["errors"]) + r.stderr)


def main():
    global KEYSIFT
    KEYSIFT = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v"])


if __name__ == "__main__":
    main()
