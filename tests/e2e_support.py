"""Shared by the end-to-end tests that drive git: a run in a git home of its own."""
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest


def run_in_own_git_home(name, extra_argv=()):
    """Runs the calling script's unittest cases with HOME, git's global config and the
    commit identity of a fresh temporary home, so neither the machine's git config nor
    its hooks, signing or default branch reach the tests. `extra_argv` (test names) goes
    to unittest. Prints "N passed, N failed" and returns the exit status."""
    home = tempfile.mkdtemp(prefix=f"keysift-{name}-home-")
    # Run from a git hook or `git rebase -x`, GIT_DIR & co. would point every git
    # command at the repository under test, not at the scratch repositories; a user's
    # KEYSIFT_CONFIG would change what every scan reports.
    for key in [k for k in os.environ if k.startswith("GIT_") or k == "KEYSIFT_CONFIG"]:
        del os.environ[key]
    os.environ.update(HOME=home, GIT_CONFIG_NOSYSTEM="1", XDG_CACHE_HOME=home + "/cache",
                      GIT_AUTHOR_NAME="E2E Author", GIT_AUTHOR_EMAIL="e2e@example.com",
                      GIT_COMMITTER_NAME="E2E Author", GIT_COMMITTER_EMAIL="e2e@example.com")
    for key, value in (("init.defaultBranch", "main"), ("protocol.file.allow", "always"),
                       ("commit.gpgsign", "false"), ("advice.detachedHead", "false")):
        subprocess.run(["git", "config", "--global", key, value], check=True)
    try:
        result = unittest.main(argv=[sys.argv[0], "-v", *extra_argv], exit=False).result
    finally:
        shutil.rmtree(home, ignore_errors=True)
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    return 0 if result.wasSuccessful() else 1


def tar_bytes(entries):
    """A tar archive (GNU format) of (name, bytes) pairs."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()
