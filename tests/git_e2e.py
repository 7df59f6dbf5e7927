#!/usr/bin/env python3
"""End-to-end tests of `keysift git` and `keysift install-hooks`: real repositories built
with the git command in a temporary directory, the real keysift binary, checked for what
each mode must report, what it must not, and the exit codes.

Usage: git_e2e.py KEYSIFT_BINARY SOURCE_DIR [TEST...]   (run by ctest; no network, no stdin,
no HOME; TEST names a class or Class.test_method to run only those)
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from e2e_support import run_in_own_git_home
from ghp_token import B62, with_checksum

KEYSIFT = ""
SOURCE = ""
ZEROS = "0" * 40


def token(seed):
    """A synthetic GitHub-style token derived from a seed: 30 base62 characters and their
    base62 CRC32, the checksum keysift verifies (never a real credential)."""
    digest = hashlib.sha256(f"keysift-git-e2e-{seed}".encode()).digest()
    return with_checksum("".join(B62[b % 62] for b in digest[:30]))


class Repo:
    """A git repository in a temporary directory, driven with the git command."""

    def __init__(self, root, name="repo", init=True):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir, exist_ok=True)
        if init:
            self.git("init", "-q")

    def git(self, *args, check=True, stdin=None):
        r = subprocess.run(["git", *args], cwd=self.dir, capture_output=True, text=True,
                           input=stdin, timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {r.stdout}{r.stderr}")
        return r.stdout.strip()

    def write(self, rel, data):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    def commit(self, message, *paths):
        self.git("add", *(paths or ["-A"]))
        self.git("commit", "-qm", message)
        return self.git("rev-parse", "HEAD")


def keysift(*args, cwd=None, stdin=None):
    return subprocess.run([KEYSIFT, *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin if stdin is not None else "", timeout=300)


class GitTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-git-e2e-")
        self.repo = Repo(self.root)

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def run_json(self, *args, code, stdin=None):
        r = keysift("git", self.repo.dir, "--format", "json", *args, stdin=stdin)
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        return json.loads(r.stdout), r.stderr

    def secrets(self, report):
        return sorted(f["secret"] for f in report["findings"])


class Staged(GitTest):
    def test_before_the_first_commit(self):
        self.repo.write("a.env", f"one\nGITHUB_TOKEN={token(1)}\n")
        self.repo.git("add", "a.env")
        report, _ = self.run_json("--staged", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(1)])
        f = report["findings"][0]
        self.assertEqual((f["path"], f["line"]), ("a.env", 2))

    def test_only_added_lines_with_new_file_line_numbers(self):
        self.repo.write("conf.py", "a = 1\nb = 2\nc = 3\n")
        self.repo.write("old.env", f"OLD={token(2)}\n")
        self.repo.commit("base")
        self.repo.write("conf.py", f"a = 1\nb = 2\nTOKEN = '{token(3)}'\nc = 3\n")
        self.repo.git("add", "conf.py")
        self.repo.write("unstaged.py", f"T = '{token(4)}'\n")  # working tree only
        self.repo.write("conf.py", "overwritten in the working tree only\n")
        self.repo.git("rm", "-q", "old.env")  # a deleted line is never reported
        report, _ = self.run_json("--staged", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(3)])
        self.assertEqual(report["findings"][0]["line"], 3)
        self.assertEqual(report["findings"][0]["path"], "conf.py")

    def test_deletions_renames_binaries_submodules_are_clean(self):
        self.repo.write("keep.env", f"K={token(5)}\nx\ny\nz\n")
        self.repo.write("gone.txt", "bye\n")
        self.repo.commit("base")
        self.repo.git("rm", "-q", "gone.txt")
        self.repo.git("mv", "keep.env", "moved.env")  # rename with a change
        self.repo.write("moved.env", f"K={token(5)}\nx\ny\nz\nadded line\n")
        self.repo.write("blob.bin", b"\x00\x01" + f"T={token(6)}".encode())
        sub = Repo(self.root, "sub")
        sub.write("s.txt", "sub\n")
        sub.commit("sub")
        self.repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
                      sub.dir, "sub")
        self.repo.git("add", "-A")
        report, _ = self.run_json("--staged", code=0)
        self.assertEqual(report["findings"], [])
        # the binary and the submodule are counted, not silently dropped
        text = keysift("git", self.repo.dir, "--staged").stdout
        self.assertIn("binary", text)
        self.assertIn("submodule", text)

    def test_allow_comment_and_big_file(self):
        self.repo.write("seed", "x\n")
        self.repo.commit("root")
        self.repo.write("fixture.py", f"T = '{token(7)}'  # keysift:allow\n")
        big = ("filler line of text\n" * 209716) + f"TOKEN={token(8)}\n"  # ~4 MB
        self.repo.write("big.txt", big)
        self.repo.git("add", "-A")
        report, _ = self.run_json("--staged", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(8)])
        self.assertEqual(report["findings"][0]["line"], 209717)

    def test_worktree(self):
        self.repo.write("a", "a\n")
        self.repo.commit("root")
        wt = os.path.join(self.root, "wt")
        self.repo.git("worktree", "add", "-q", wt, "-b", "wt-branch")
        with open(os.path.join(wt, "w.env"), "w") as f:
            f.write(f"W={token(9)}\n")
        subprocess.run(["git", "add", "w.env"], cwd=wt, check=True)
        r = keysift("git", wt, "--staged", "--format", "json")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(keysift("git", self.repo.dir, "--staged").returncode, 0)

    def test_not_a_repository(self):
        r = keysift("git", self.root, "--staged")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a git repository", r.stderr)


class Range(GitTest):
    def build(self):
        self.repo.write("README", "hello\n")
        self.base = self.repo.commit("root")
        self.repo.write("app.cfg", f"token={token(10)}\n")
        self.added = self.repo.commit("add config")
        self.repo.write("app.cfg", "token=from-env\n")
        self.repo.commit("remove the token")

    def test_secret_added_then_removed_is_reported_with_its_commit(self):
        self.build()
        report, err = self.run_json("--range", f"{self.base}..HEAD", "--show-secrets", code=1)
        self.assertIn("2 commits", err)
        self.assertEqual(self.secrets(report), [token(10)])
        f = report["findings"][0]
        self.assertEqual(f["commit"], self.added)
        self.assertEqual(f["message"], "add config")
        self.assertEqual(f["email"], "e2e@example.com")
        self.assertEqual(f["author"], "E2E Author")
        self.assertRegex(f["date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
        self.assertEqual((f["path"], f["line"]), ("app.cfg", 1))

    def test_empty_range_is_clean_and_says_so(self):
        self.build()
        report, err = self.run_json("--range", "HEAD..HEAD", code=0)
        self.assertIn("0 commits", err)
        self.assertEqual(report["findings"], [])

    def test_range_outside_base_is_not_rescanned(self):
        self.build()
        report, _ = self.run_json("--range", f"{self.added}..HEAD", code=0)
        self.assertEqual(report["findings"], [])

    def test_merge_conflict_resolution(self):
        self.repo.write("f.txt", "base\n")
        base = self.repo.commit("root")
        self.repo.git("checkout", "-qb", "side")
        self.repo.write("f.txt", "side\n")
        self.repo.commit("side")
        self.repo.git("checkout", "-q", "main")
        self.repo.write("f.txt", "main\n")
        self.repo.commit("main")
        self.repo.git("merge", "-q", "side", check=False)  # conflicts
        r = keysift("git", self.repo.dir, "--staged")  # mid-merge: counted, not an error
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("unmerged", r.stdout)
        self.repo.write("f.txt", f"resolved={token(11)}\n")
        merge = self.repo.commit("merge side")
        report, _ = self.run_json("--range", f"{base}..HEAD", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(11)])
        self.assertEqual(report["findings"][0]["commit"], merge)

    def test_shallow_clone_missing_base_is_an_error(self):
        self.build()
        clone = os.path.join(self.root, "shallow")
        subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + self.repo.dir, clone],
                       check=True, capture_output=True)
        r = keysift("git", clone, "--range", f"{self.base}..HEAD")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("shallow", r.stderr)
        # the history audit of a shallow clone scans what it has, and says it is cut: an
        # incomplete scan (3), unless shallow history is accepted
        r = keysift("git", clone, "--format", "json")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("shallow clone", r.stderr)
        stats = json.loads(r.stdout)["stats"]
        self.assertEqual((stats["status"], stats["gaps"]), ("incomplete", {"shallow": 1}))
        self.assertEqual(stats["scanned"]["commits"], 1)
        r = keysift("git", clone, "--allow-partial=shallow")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_bad_range(self):
        self.build()
        self.assertEqual(keysift("git", self.repo.dir, "--range", "nosuch..HEAD").returncode, 2)
        self.assertEqual(keysift("git", self.repo.dir, "--range", "HEAD").returncode, 2)


class PrePush(GitTest):
    def test_protocol_lines(self):
        self.repo.write("a", "a\n")
        one = self.repo.commit("one")
        self.repo.git("update-ref", "refs/remotes/origin/main", one)
        self.repo.write("b.env", f"B={token(12)}\n")
        two = self.repo.commit("two")
        new_branch = f"refs/heads/main {two} refs/heads/main {ZEROS}\n"
        report, err = self.run_json("--pre-push", "--show-secrets", code=1, stdin=new_branch)
        self.assertEqual(self.secrets(report), [token(12)])
        self.assertIn("1 commit to push", err)
        deletion = f"(delete) {ZEROS} refs/heads/old {two}\n"
        report, err = self.run_json("--pre-push", code=0, stdin=deletion)
        self.assertIn("0 commits", err)
        already = f"refs/heads/main {two} refs/heads/main {two}\n"
        self.run_json("--pre-push", code=0, stdin=already)
        self.run_json("--pre-push", code=0, stdin="")

    def test_real_push_through_the_installed_hook(self):
        remote = Repo(self.root, "remote.git", init=False)
        subprocess.run(["git", "init", "-q", "--bare", remote.dir], check=True)
        self.repo.git("remote", "add", "origin", remote.dir)
        self.repo.write("a", "a\n")
        self.repo.commit("clean")
        r = keysift("install-hooks", self.repo.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.repo.git("push", "-q", "origin", "main")
        self.repo.write("leak.env", f"L={token(13)}\n")
        self.repo.git("add", "leak.env")
        self.repo.git("commit", "-q", "--no-verify", "-m", "leak")
        r = subprocess.run(["git", "push", "origin", "main"], cwd=self.repo.dir,
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("github-pat", r.stdout + r.stderr)
        self.assertIn("keysift:allow", r.stderr)


class History(GitTest):
    def test_audit(self):
        r = self.repo
        r.write("README", "hello\n")
        root = r.commit("root")
        r.write("old/creds.txt", f"T={token(20)}\n")
        introduced = r.commit("add creds")
        r.write("copy/creds.txt", f"T={token(20)}\n")  # the same blob, at a second path
        r.commit("copy creds")
        r.git("rm", "-qr", "old", "copy")
        r.commit("delete creds")  # a commit with only deletions
        r.git("checkout", "-qb", "feature")
        r.write("feature.env", f"F={token(21)}\n")
        r.commit("feature")
        r.git("tag", "-a", "v1", "-m", "tag")
        r.git("checkout", "-q", "main")
        r.write("README", f"hello\nstash={token(22)}\n")
        r.git("stash", "-q")
        report, err = self.run_json("--show-secrets", code=1)
        self.assertIn("unique blob", err)
        self.assertEqual(self.secrets(report), sorted([token(20), token(21), token(22)]))
        creds = [f for f in report["findings"] if f["secret"] == token(20)][0]
        self.assertEqual(creds["commit"], introduced)
        self.assertEqual(creds["message"], "add creds")
        self.assertEqual(creds["path"], "old/creds.txt")
        self.assertEqual([l["path"] for l in creds["locations"]], ["copy/creds.txt"])
        text = keysift("git", r.dir).stdout
        self.assertIn("1 more location", text)

        # the limits
        report, _ = self.run_json("--branch", "main", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(20)])
        report, _ = self.run_json("--branch", "feature", "--max-commits", "1",
                                  "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(21)])
        report, _ = self.run_json("--since", "2999-01-01", code=0)
        self.assertEqual(report["findings"], [])
        self.assertEqual(keysift("git", r.dir, "--since", "soon").returncode, 2)
        self.assertEqual(keysift("git", r.dir, "--since", "2000-01-01", "--staged").returncode, 2)
        del root

    def test_all_objects_finds_a_dangling_blob(self):
        self.repo.write("a", "a\n")
        self.repo.commit("root")
        blob = self.repo.git("hash-object", "-w", "--stdin", stdin=f"D={token(23)}\n")
        report, _ = self.run_json(code=0)
        self.assertEqual(report["findings"], [])
        report, err = self.run_json("--all-objects", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(23)])
        self.assertIn(blob, report["findings"][0]["path"])
        self.assertIn("1 unreachable", err)

    def test_packed_repository_and_binary_blobs(self):
        for i in range(30):
            self.repo.write(f"d{i % 3}/f{i}.txt", f"file {i}\n" * 50)
            self.repo.write("bin.dat", b"\x00" + f"T={token(24)}".encode() + bytes([i]))
            self.repo.commit(f"c{i}")
        self.repo.write("late.txt", f"L={token(25)}\n")
        self.repo.commit("late")
        self.repo.git("gc", "-q", "--aggressive")
        report, _ = self.run_json("--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(25)])  # binaries are skipped
        report, _ = self.run_json("--show-secrets", "--scan-binary", code=1)
        self.assertIn(token(24), self.secrets(report))

    def test_empty_repository(self):
        report, err = self.run_json(code=0)
        self.assertIn("0 commits", err)


class Messages(GitTest):
    """Commit and tag messages are scanned like files: each distinct message once."""

    def places(self, finding):
        return [(finding["commit"], finding["path"])] + [
            (l["commit"], l["path"]) for l in finding.get("locations", [])]

    def test_a_secret_only_in_a_commit_message(self):
        self.repo.write("README", "hello\n")
        base = self.repo.commit("root")
        self.repo.write("app.txt", "nothing secret here\n")
        leak = self.repo.commit(f"deploy the app\n\nused token {token(40)} for the run")
        expected = [(leak, "<commit message>")]
        report, _ = self.run_json("--range", f"{base}..HEAD", "--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(40)])
        self.assertEqual(self.places(report["findings"][0]), expected)
        self.assertEqual(report["findings"][0]["line"], 3)
        self.assertEqual(report["findings"][0]["message"], "deploy the app")
        push = f"refs/heads/main {leak} refs/heads/main {ZEROS}\n"
        report, _ = self.run_json("--pre-push", "--show-secrets", code=1, stdin=push)
        self.assertEqual(self.secrets(report), [token(40)])
        self.assertEqual(self.places(report["findings"][0]), expected)
        report, _ = self.run_json("--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(40)])
        self.assertEqual(self.places(report["findings"][0]), expected)
        self.assertEqual(report["findings"][0]["author"], "E2E Author")
        # --staged looks at the index only, never at a message
        self.repo.write("next.txt", "more\n")
        self.repo.git("add", "next.txt")
        report, _ = self.run_json("--staged", code=0)
        self.assertEqual(report["findings"], [])

    def test_the_same_message_twice_is_scanned_once_and_reported_at_both(self):
        self.repo.write("README", "hello\n")
        base = self.repo.commit("root")
        message = f"ci: set the token\n\nGITHUB_TOKEN={token(41)}"
        ids = []
        for i in range(2):
            self.repo.write(f"f{i}.txt", f"{i}\n")
            ids.append(self.repo.commit(message))
        self.repo.write("g.txt", "g\n")
        self.repo.commit("a clean message")
        for args, distinct in (((f"--range", f"{base}..HEAD"), 2), ((), 3)):
            report, _ = self.run_json(*args, "--show-secrets", code=1)
            self.assertEqual(self.secrets(report), [token(41)], args)
            self.assertEqual(sorted(self.places(report["findings"][0])),
                             sorted((c, "<commit message>") for c in ids), args)
            stats = report["stats"]
            self.assertEqual(stats["requested"]["messages"], distinct, args)
            self.assertEqual(stats["scanned"]["messages"], distinct, args)
            self.assertEqual(stats["status"], "complete", args)

    def test_an_annotated_tag_message(self):
        self.repo.write("README", "hello\n")
        self.repo.commit("root")
        self.repo.git("tag", "-a", "v1", "-m", f"release\n\nsigned with {token(42)}")
        self.repo.git("tag", "light")  # a lightweight tag has no message
        tag = self.repo.git("rev-parse", "v1")
        report, _ = self.run_json("--show-secrets", code=1)
        self.assertEqual(self.secrets(report), [token(42)])
        f = report["findings"][0]
        self.assertEqual(self.places(f), [(tag, "<tag message v1>")])
        self.assertEqual((f["author"], f["message"]), ("E2E Author", "release"))
        # an audit of chosen branches leaves the tags out
        report, _ = self.run_json("--branch", "main", code=0)
        self.assertEqual(report["findings"], [])

    def test_a_push_of_an_annotated_tag_scans_its_message(self):
        self.repo.write("README", "hello\n")
        head = self.repo.commit("root")
        self.repo.git("tag", "-a", "v2", "-m", f"release\n\nsigned with {token(43)}")
        tag = self.repo.git("rev-parse", "v2")
        # the commit is already on the remote: only the tag (and its message) is new
        self.repo.git("update-ref", "refs/remotes/origin/main", head)
        push = f"refs/tags/v2 {tag} refs/tags/v2 {ZEROS}\n"
        report, _ = self.run_json("--pre-push", "--show-secrets", code=1, stdin=push)
        self.assertEqual(self.secrets(report), [token(43)])
        self.assertEqual(self.places(report["findings"][0]), [(tag, "<tag message v2>")])
        # a branch push does not send the tag; a lightweight tag has no message
        self.repo.git("tag", "light")
        for line in (f"refs/heads/main {head} refs/heads/main {ZEROS}\n",
                     f"refs/tags/light {head} refs/tags/light {ZEROS}\n"):
            report, _ = self.run_json("--pre-push", code=0, stdin=line)
            self.assertEqual(report["findings"], [], line)

    def test_a_message_shown_with_a_finding_never_shows_another_secret(self):
        self.repo.write("README", "hello\n")
        base = self.repo.commit("root")
        self.repo.write("app.env", f"TOKEN={token(43)}\n")
        self.repo.commit(f"rotate {token(44)}")
        for args in ((f"--range", f"{base}..HEAD"), ()):
            report, _ = self.run_json(*args, code=1)
            self.assertEqual(len(report["findings"]), 2, args)
            for f in report["findings"]:
                self.assertEqual(f["message"], f"rotate {token(44)[:4]}****", args)
            for fmt in ("text", "jsonl", "sarif"):
                r = keysift("git", self.repo.dir, *args, "--format", fmt)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertNotIn(token(44), r.stdout + r.stderr, (args, fmt))
                self.assertNotIn(token(43), r.stdout + r.stderr, (args, fmt))
            report, _ = self.run_json(*args, "--show-secrets", code=1)
            self.assertEqual(report["findings"][0]["message"], f"rotate {token(44)}")


class Hooks(GitTest):
    def commit(self, *args):
        return subprocess.run(["git", "commit", "-qm", "msg", *args], cwd=self.repo.dir,
                              capture_output=True, text=True)

    def test_install_and_block_a_commit(self):
        r = keysift("install-hooks", self.repo.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        for name in ("pre-commit", "pre-push"):
            self.assertTrue(os.access(os.path.join(self.repo.dir, ".git/hooks", name), os.X_OK))
        self.repo.write("ok.txt", "fine\n")
        self.repo.git("add", "ok.txt")
        self.assertEqual(self.commit().returncode, 0)
        self.repo.write("leak.txt", f"TOKEN={token(30)}\n")
        self.repo.git("add", "leak.txt")
        r = self.commit()
        self.assertNotEqual(r.returncode, 0)
        out = r.stdout + r.stderr
        for expected in ("github-pat", "leak.txt:1", "keysift:allow", ".keysift.toml",
                         "baseline"):
            self.assertIn(expected, out)
        self.assertEqual(self.repo.git("rev-list", "--count", "HEAD"), "1")
        # reinstalling over our own hooks is fine
        self.assertEqual(keysift("install-hooks", self.repo.dir).returncode, 0)

    def test_commit_all_and_commit_path_are_blocked(self):
        # `git commit -a` and `git commit PATH` stage into a temporary index and hand it
        # to the hook as GIT_INDEX_FILE: the secret is not in .git/index at all.
        self.repo.write("tracked.txt", "fine\n")
        self.repo.git("add", "tracked.txt")
        self.assertEqual(self.commit().returncode, 0)
        self.assertEqual(keysift("install-hooks", self.repo.dir).returncode, 0)
        self.repo.write("tracked.txt", f"fine\nTOKEN={token(31)}\n")
        for args in (["-a"], ["tracked.txt"]):
            r = self.commit(*args)
            self.assertNotEqual(r.returncode, 0, args)
            self.assertIn("tracked.txt:2", r.stdout + r.stderr)
        self.assertEqual(self.repo.git("rev-list", "--count", "HEAD"), "1")

    def test_foreign_hook_needs_force(self):
        hook = os.path.join(self.repo.dir, ".git/hooks/pre-commit")
        os.makedirs(os.path.dirname(hook), exist_ok=True)
        with open(hook, "w") as f:
            f.write("#!/bin/sh\necho mine\n")
        r = keysift("install-hooks", self.repo.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--force", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.repo.dir, ".git/hooks/pre-push")))
        r = keysift("install-hooks", self.repo.dir, "--force")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(hook + ".keysift-backup") as f:
            self.assertIn("echo mine", f.read())

    def test_core_hooks_path(self):
        self.repo.git("config", "core.hooksPath", ".githooks")
        self.assertEqual(keysift("install-hooks", self.repo.dir).returncode, 0)
        self.assertTrue(os.path.exists(os.path.join(self.repo.dir, ".githooks/pre-commit")))

    def framework(self, hook_id):
        """A hook repository holding this repository's manifest and framework script, as
        the pre-commit framework fetches it, and a config using `hook_id` from it."""
        hooks = Repo(self.root, "hook-repo")
        shutil.copy(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), hooks.dir)
        os.makedirs(os.path.join(hooks.dir, "hooks"))
        for script in ("framework-staged", "framework-pre-push"):
            shutil.copy(os.path.join(SOURCE, "hooks", script), os.path.join(hooks.dir, "hooks"))
        rev = hooks.commit("manifest")
        bindir = os.path.join(self.root, "bin")
        os.makedirs(bindir)
        os.symlink(KEYSIFT, os.path.join(bindir, "keysift"))
        self.env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
                        PRE_COMMIT_HOME=os.path.join(self.root, "pre-commit-cache"))
        self.repo.write(".pre-commit-config.yaml",
                        f"repos:\n- repo: {hooks.dir}\n  rev: {rev}\n  hooks:\n"
                        f"  - id: {hook_id}\n")

    def run_env(self, *args):
        return subprocess.run(list(args), cwd=self.repo.dir, env=self.env, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=300)

    def test_pre_commit_framework(self):
        self.framework("keysift")
        self.repo.write("ok.txt", "fine\n")
        self.repo.git("add", "-A")
        r = self.run_env("pre-commit", "run", "--hook-stage", "commit")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.repo.write("leak.txt", f"TOKEN={token(31)}\n")
        self.repo.git("add", "leak.txt")
        r = self.run_env("pre-commit", "run", "--hook-stage", "commit")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("github-pat", r.stdout)
        self.assertIn("keysift:allow", r.stdout)

    def test_pre_commit_framework_pre_push(self):
        self.framework("keysift-pre-push")
        subprocess.run(["git", "init", "-q", "--bare", os.path.join(self.root, "remote.git")],
                       check=True)
        self.repo.git("remote", "add", "origin", os.path.join(self.root, "remote.git"))
        r = self.run_env("pre-commit", "install", "--hook-type", "pre-push")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.repo.write("leak.txt", f"TOKEN={token(32)}\n")
        self.repo.commit("leak")  # a new branch: every commit is checked
        r = self.run_env("git", "push", "origin", "main")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("github-pat", r.stdout + r.stderr)
        self.repo.git("rm", "-q", "leak.txt")
        self.repo.commit("remove it")
        self.repo.git("push", "-q", "--no-verify", "origin", "main")
        self.repo.write("ok.txt", "fine\n")
        self.repo.commit("clean")  # an update: only the new commit is checked
        r = self.run_env("git", "push", "origin", "main")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.repo.write("leak2.txt", f"TOKEN={token(33)}\n")
        self.repo.commit("leak again")
        r = self.run_env("git", "push", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("1 commit in", r.stdout + r.stderr)


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    return run_in_own_git_home("git", sys.argv[3:])


if __name__ == "__main__":
    sys.exit(main())
