#!/usr/bin/env python3
"""End-to-end tests of keysift with the pre-commit framework (Debian's `pre-commit`): a
hook repository holding this repository's manifest and hook scripts, pinned by a tag as a
project's `.pre-commit-config.yaml` does with a remote `repo:`, and a real project
repository: install, a commit adding a secret is blocked, a clean commit passes,
`pre-commit run --all-files` finds a secret committed earlier and fails when it could scan
nothing, a look-alike token gets the `keysift rules example` hint, and a push is checked.
No network: the hook repository is a local path.

Usage: precommit_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest)
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

from e2e_support import run_in_own_git_home
from ghp_token import B62, with_checksum

KEYSIFT = ""
SOURCE = ""


def token(seed, valid=True):
    """A synthetic GitHub-style token (30 base62 characters and their base62 CRC32);
    with valid=False its checksum is wrong: a look-alike. Never a real credential."""
    digest = hashlib.sha256(f"keysift-precommit-e2e-{seed}".encode()).digest()
    good = with_checksum("".join(B62[b % 62] for b in digest[:30]))
    return good if valid else good[:-1] + ("A" if good[-1] != "A" else "B")


def git(cwd, *args, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stdout}{r.stderr}")
    return r


class Framework(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-precommit-")
        # The hook repository: what a user's `repo:` points at, tagged like a release.
        self.hooks = os.path.join(self.root, "keysift-hooks")
        os.makedirs(os.path.join(self.hooks, "hooks"))
        shutil.copy(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), self.hooks)
        for name in ("framework-staged", "framework-pre-push"):
            shutil.copy(os.path.join(SOURCE, "hooks", name), os.path.join(self.hooks, "hooks"))
        git(self.hooks, "init", "-q")
        git(self.hooks, "add", "-A")
        git(self.hooks, "commit", "-q", "-m", "hooks")
        git(self.hooks, "tag", "v9.9.9")
        self.bin = os.path.join(self.root, "bin")
        os.makedirs(self.bin)
        os.symlink(KEYSIFT, os.path.join(self.bin, "keysift"))
        self.env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ["PATH"],
                        PRE_COMMIT_HOME=os.path.join(self.root, "cache"))
        self.repo = os.path.join(self.root, "project")
        os.makedirs(self.repo)
        git(self.repo, "init", "-q")
        self.write(".pre-commit-config.yaml",
                   f"repos:\n- repo: {self.hooks}\n  rev: v9.9.9\n  hooks:\n  - id: keysift\n")
        git(self.repo, "add", ".pre-commit-config.yaml")
        git(self.repo, "commit", "-q", "-m", "config")

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, rel, data):
        path = os.path.join(self.repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    def run_in(self, *args, env=None):
        return subprocess.run(list(args), cwd=self.repo, env=env or self.env, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=300)

    def install(self, *hook_types):
        r = self.run_in("pre-commit", "install", *[a for t in hook_types for a in ("-t", t)])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_the_manifest_is_valid_and_names_no_stage(self):
        r = self.run_in("pre-commit", "validate-manifest",
                        os.path.join(SOURCE, ".pre-commit-hooks.yaml"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(os.path.join(SOURCE, ".pre-commit-hooks.yaml")) as f:
            hooks = yaml.safe_load(f)
        self.assertEqual({h["id"] for h in hooks}, {"keysift", "keysift-pre-push"})
        for hook in hooks:
            self.assertNotIn("stages", hook)  # names differ between pre-commit 3.0 and 3.2+
            self.assertEqual(hook["language"], "script")
            self.assertTrue(os.access(os.path.join(SOURCE, hook["entry"]), os.X_OK))

    def test_commit_with_a_secret_is_blocked_and_a_clean_one_passes(self):
        self.install("pre-commit")
        self.write("settings.env", f"GITHUB_TOKEN={token(1)}\n")
        git(self.repo, "add", "settings.env")
        r = self.run_in("git", "commit", "-m", "settings")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("github-pat", r.stdout + r.stderr)
        self.assertIn("settings.env", r.stdout + r.stderr)
        self.assertEqual(git(self.repo, "rev-list", "--count", "HEAD").stdout.strip(), "1")
        self.write("settings.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n")
        git(self.repo, "add", "settings.env")
        r = self.run_in("git", "commit", "-m", "settings")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(git(self.repo, "rev-list", "--count", "HEAD").stdout.strip(), "2")

    def test_only_the_lines_being_committed_are_checked(self):
        self.write("old.env", f"TOKEN={token(2)}\n")
        git(self.repo, "add", "old.env")
        git(self.repo, "commit", "-q", "--no-verify", "-m", "an old secret")
        self.install("pre-commit")
        self.write("old.env", f"TOKEN={token(2)}\nDEBUG=1\n")
        git(self.repo, "add", "old.env")
        r = self.run_in("git", "commit", "-m", "debug")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_all_files_finds_a_committed_secret(self):
        self.write("deploy/prod.env", f"TOKEN={token(3)}\n")
        self.write("README", "nothing here\n")
        git(self.repo, "add", "-A")
        git(self.repo, "commit", "-q", "--no-verify", "-m", "slipped in")
        r = self.run_in("pre-commit", "run", "--all-files")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("deploy/prod.env", r.stdout)
        self.assertIn("github-pat", r.stdout)
        git(self.repo, "rm", "-q", "deploy/prod.env")
        git(self.repo, "commit", "-q", "--no-verify", "-m", "removed")
        r = self.run_in("pre-commit", "run", "--all-files")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_all_files_never_passes_on_nothing_scanned(self):
        self.write("image.bin", b"\x00\x01binary\x00" * 100)
        git(self.repo, "rm", "-q", "--cached", ".pre-commit-config.yaml")
        git(self.repo, "add", "image.bin")
        git(self.repo, "commit", "-q", "--no-verify", "-m", "only a binary file")
        r = self.run_in("pre-commit", "run", "--all-files", "--config", ".pre-commit-config.yaml")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("nothing was scanned", r.stdout)

    def test_a_look_alike_token_gets_a_hint(self):
        self.install("pre-commit")
        # On a line of its own: assigned to a TOKEN it would be a generic credential.
        self.write("test.env", f"{token(4, valid=False)}\n")
        git(self.repo, "add", "test.env")
        r = self.run_in("git", "commit", "-m", "a made-up token")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)  # not a live token: no finding
        self.assertIn("keysift rules example github-pat", r.stdout + r.stderr)
        # The value the hint names is reported, and blocks the commit.
        example = subprocess.run([KEYSIFT, "rules", "example", "github-pat"], capture_output=True,
                                 text=True, check=True).stdout.strip()
        self.write("test.env", f"{example}\n")
        git(self.repo, "add", "test.env")
        r = self.run_in("git", "commit", "-m", "a generated token")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("github-pat", r.stdout + r.stderr)

    def test_without_keysift_on_path_the_hook_says_what_to_install(self):
        self.install("pre-commit")
        self.write("a.txt", "text\n")
        git(self.repo, "add", "a.txt")
        env = dict(self.env, PATH=os.environ["PATH"].replace(self.bin + os.pathsep, ""),
                   KEYSIFT="keysift-not-installed")
        r = self.run_in("git", "commit", "-m", "a", env=env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("'keysift-not-installed' not found", r.stdout + r.stderr)

    def test_push_through_the_pre_push_hook(self):
        self.write(".pre-commit-config.yaml",
                   f"repos:\n- repo: {self.hooks}\n  rev: v9.9.9\n  hooks:\n"
                   f"  - id: keysift-pre-push\n    stages: [push]\n")
        git(self.repo, "add", ".pre-commit-config.yaml")
        git(self.repo, "commit", "-q", "-m", "push hook")
        remote = os.path.join(self.root, "remote.git")
        git(self.root, "init", "-q", "--bare", remote)
        git(self.repo, "remote", "add", "origin", remote)
        self.install("pre-push")
        self.write("leak.env", f"TOKEN={token(5)}\n")
        git(self.repo, "add", "leak.env")
        git(self.repo, "commit", "-q", "-m", "leak")
        r = self.run_in("git", "push", "origin", "HEAD:main")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("github-pat", r.stdout + r.stderr)


class LocalHook(unittest.TestCase):
    """keysift's own hook (keysift install-hooks) gives the same hint, on stderr."""

    def test_a_look_alike_token_gets_a_hint_and_an_example_is_blocked(self):
        root = tempfile.mkdtemp(prefix="keysift-localhook-")
        try:
            git(root, "init", "-q")
            r = subprocess.run([KEYSIFT, "install-hooks", root], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(root, "t.txt"), "w") as f:
                f.write(token(6, valid=False) + "\n")
            git(root, "add", "t.txt")
            r = git(root, "commit", "-m", "made up", check=False)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("t.txt:1: a value shaped like rule github-pat", r.stderr)
            self.assertIn("keysift rules example github-pat", r.stderr)
            with open(os.path.join(root, "t.txt"), "w") as f:
                f.write(token(6) + "\n")  # the same with a valid checksum: no hint, a finding
            git(root, "add", "t.txt")
            r = git(root, "commit", "-m", "real shape", check=False)
            self.assertNotEqual(r.returncode, 0)
            self.assertNotIn("a value shaped like", r.stderr)
        finally:
            shutil.rmtree(root, ignore_errors=True)


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    return run_in_own_git_home("precommit")


if __name__ == "__main__":
    sys.exit(main())
