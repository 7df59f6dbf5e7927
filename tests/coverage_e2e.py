#!/usr/bin/env python3
"""Every way a scan can come up short, one test each: keysift must never say clean (exit
0) after scanning less than it was asked, and its report must say what was not scanned.
Exit codes (README): 0 clean and complete, 1 findings, 2 error before/instead of a scan,
3 incomplete. Real repositories are built with git, real images by hand (tar, gzip,
sha256 as the OCI layout specifies), in a temporary directory.

Usage: coverage_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

KEYSIFT = ""
SOURCE = ""


def keysift(*args, env=None, user=None):
    cmd = [KEYSIFT, *args]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, input="", timeout=300, env=env)


def git(cwd, *args, check=True, env=None):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                       env=env)
    if check and r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stdout}{r.stderr}")
    return r.stdout.strip()


def as_nobody():
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


class Case(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-coverage-")
        os.chmod(self.root, 0o755)

    def tearDown(self):
        for dirpath, dirs, _ in os.walk(self.root):
            for d in dirs:
                os.chmod(os.path.join(dirpath, d), 0o755)
        shutil.rmtree(self.root, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, rel, data, mode=None):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        if mode is not None:
            os.chmod(p, mode)
        return p

    def repo(self, name="repo", commits=3):
        d = self.path(name)
        os.makedirs(d)
        git(d, "init", "-q")
        shas = []
        for i in range(commits):
            with open(os.path.join(d, f"f{i}.txt"), "w") as f:
                f.write(f"file {i}\n" * 20)
            git(d, "add", "-A")
            git(d, "commit", "-qm", f"commit {i}")
            shas.append(git(d, "rev-parse", "HEAD"))
        return d, shas

    def expect(self, r, code, kind=None, says=None):
        """The exit code; for a JSON report, the status and the gap kind it names."""
        self.assertEqual(r.returncode, code, r.stdout[-2000:] + r.stderr[-2000:])
        if says is not None:
            self.assertIn(says, r.stderr)
        if kind is None:
            return None
        stats = json.loads(r.stdout)["stats"]
        self.assertIn(kind, stats["gaps"], stats)
        self.assertEqual(stats["status"], "incomplete" if code == 3 else stats["status"])
        return stats


class GitRanges(Case):
    def test_missing_ref(self):
        d, _ = self.repo()
        self.expect(keysift("git", d, "--range", "nosuch..HEAD"), 2, says="'nosuch'")
        self.expect(keysift("git", d, "--branch", "nosuch"), 2, says="nosuch")

    def test_empty_range(self):
        # Nothing to scan is not a gap: the range resolved and holds no commit. The
        # account says so (0 commits requested), and so does stderr.
        d, _ = self.repo()
        r = keysift("git", d, "--range", "HEAD..HEAD", "--format", "json")
        self.expect(r, 0, says="0 commits")
        stats = json.loads(r.stdout)["stats"]
        self.assertEqual((stats["status"], stats["requested"]["commits"]), ("complete", 0))

    def test_shallow_base(self):
        d, shas = self.repo(commits=4)
        clone = self.path("shallow")
        git(self.root, "clone", "-q", "--depth", "1", "file://" + d, clone)
        self.expect(keysift("git", clone, "--range", f"{shas[0]}..HEAD"), 2,
                    says="shallow clone")


class GitHistory(Case):
    def test_history_audit_of_a_shallow_clone(self):
        d, _ = self.repo(commits=4)
        clone = self.path("shallow")
        git(self.root, "clone", "-q", "--depth", "2", "file://" + d, clone)
        stats = self.expect(keysift("git", clone, "--format", "json"), 3, "shallow")
        self.assertEqual(stats["scanned"]["commits"], 2)
        self.expect(keysift("git", clone, "--allow-partial=shallow"), 0)

    def test_missing_middle_commit_in_a_full_clone(self):
        # Not shallow: a parent that cannot be read is damage, and everything before it
        # went unscanned. (It was once taken for a shallow cut, and the audit exited 0.)
        d, shas = self.repo(commits=4)
        obj = os.path.join(d, ".git", "objects", shas[1][:2], shas[1][2:])
        os.remove(obj)
        stats = self.expect(keysift("git", d, "--format", "json"), 3, "missing-object",
                            says=shas[1])
        self.assertEqual(stats["scanned"]["commits"], 2)
        # --allow-partial=shallow must not accept it: it is not a shallow cut.
        self.expect(keysift("git", d, "--allow-partial=shallow"), 3)

    def test_corrupt_loose_object(self):
        d, _ = self.repo(commits=2)
        blob = git(d, "rev-parse", "HEAD:f1.txt")
        obj = os.path.join(d, ".git", "objects", blob[:2], blob[2:])
        os.chmod(obj, 0o644)
        with open(obj, "r+b") as f:
            f.seek(4)
            f.write(b"\xff" * 16)
        self.expect(keysift("git", d, "--format", "json"), 3, "corrupt", says=blob)

    def packed(self, commits=4):
        d, shas = self.repo(commits=commits)
        git(d, "repack", "-adq")
        git(d, "prune-packed")
        pack_dir = os.path.join(d, ".git", "objects", "pack")
        pack = [f for f in os.listdir(pack_dir) if f.endswith(".pack")][0]
        return d, os.path.join(pack_dir, pack)

    def test_truncated_pack(self):
        d, pack = self.packed()
        size = os.path.getsize(pack)
        os.chmod(pack, 0o644)
        os.truncate(pack, size // 2)
        r = keysift("git", d, "--format", "json")
        self.assertIn(r.returncode, (2, 3), r.stderr)  # never 0: the walk or the blobs fail
        self.assertNotEqual(r.returncode, 0)

    def test_pack_without_its_index(self):
        d, pack = self.packed()
        os.remove(pack[:-5] + ".idx")
        r = keysift("git", d)
        self.assertEqual(r.returncode, 2, r.stderr)  # no object is readable: not a scan

    def test_missing_blobs_of_a_partial_clone(self):
        d, _ = self.repo(commits=3)
        git(d, "config", "uploadpack.allowFilter", "true")
        clone = self.path("partial")
        git(self.root, "clone", "-q", "--no-checkout", "--filter=blob:none", "file://" + d,
            clone)
        stats = self.expect(keysift("git", clone, "--format", "json"), 3, "partial-clone")
        self.assertEqual(stats["gaps"], {"partial-clone": stats["gaps"]["partial-clone"]})
        self.expect(keysift("git", clone, "--allow-partial=partial-clone"), 0)

    def test_sha256_repository(self):
        d = self.path("sha256")
        os.makedirs(d)
        git(d, "init", "-q", "--object-format=sha256")
        with open(os.path.join(d, "a.txt"), "w") as f:
            f.write("hello\n")
        git(d, "add", "a.txt")
        git(d, "commit", "-qm", "one")
        for mode in (["--staged"], ["--range", "HEAD~0..HEAD"], []):
            r = keysift("git", d, *mode)
            self.assertEqual(r.returncode, 2, (mode, r.stderr))
            self.assertIn("objectformat", r.stderr)


class Files(Case):
    @unittest.skipUnless(as_nobody(), "needs root to drop privileges")
    def test_unreadable_file(self):
        self.write("tree/ok.txt", "fine\n")
        self.write("tree/secret.txt", "hidden\n", mode=0)
        r = keysift("scan", "--format", "json", self.path("tree"), user=65534)
        stats = self.expect(r, 3, "unreadable", says="Permission denied")
        self.assertEqual(stats["scanned"]["files"], 1)

    @unittest.skipUnless(as_nobody(), "needs root to drop privileges")
    def test_permission_denied_on_a_directory(self):
        self.write("tree/ok.txt", "fine\n")
        self.write("tree/locked/inside.txt", "hidden\n")
        os.chmod(self.path("tree/locked"), 0)
        r = keysift("scan", "--format", "json", self.path("tree"), user=65534)
        self.expect(r, 3, "unreadable", says="Permission denied")


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    home = tempfile.mkdtemp(prefix="keysift-coverage-home-")
    # Run from a git hook or `git rebase -x`, GIT_DIR & co. would point every git
    # command below at the repository under test, not at the scratch repositories.
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        del os.environ[key]
    os.environ.update(HOME=home, GIT_CONFIG_NOSYSTEM="1", XDG_CACHE_HOME=home + "/cache",
                      GIT_AUTHOR_NAME="E2E", GIT_AUTHOR_EMAIL="e2e@example.com",
                      GIT_COMMITTER_NAME="E2E", GIT_COMMITTER_EMAIL="e2e@example.com")
    for key, value in (("init.defaultBranch", "main"), ("protocol.file.allow", "always"),
                       ("commit.gpgsign", "false"), ("advice.detachedHead", "false")):
        subprocess.run(["git", "config", "--global", key, value], check=True)
    try:
        result = unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:], exit=False).result
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
