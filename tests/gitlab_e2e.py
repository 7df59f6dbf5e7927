#!/usr/bin/env python3
"""End-to-end tests of keysift in GitLab CI: the `keysift` job of
.gitlab/keysift.gitlab-ci.yml, its before_script and script run with sh in a checkout
of a real repository, with the variables GitLab sets in a merge request pipeline, a
branch pipeline (an update and a new branch) and a scheduled one; each report it writes
(--format gitlab) is validated against GitLab's secret detection schema 15.2.4.

Usage: gitlab_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
"""
import hashlib
import json
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
ZEROS = "0" * 40


def token(seed):
    """A synthetic GitHub-style token with a valid checksum (never a real credential)."""
    digest = hashlib.sha256(f"keysift-gitlab-e2e-{seed}".encode()).digest()
    return with_checksum("".join(B62[b % 62] for b in digest[:30]))


def git(cwd, *args):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout.strip()


def commit(repo, name, text, message):
    with open(os.path.join(repo, name), "w") as f:
        f.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


class Template(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(SOURCE, ".gitlab", "keysift.gitlab-ci.yml")) as f:
            cls.template = yaml.safe_load(f)
        cls.root = tempfile.mkdtemp(prefix="keysift-gitlab-")
        origin = os.path.join(cls.root, "origin.git")
        git(cls.root, "init", "-q", "--bare", origin)
        dev = os.path.join(cls.root, "dev")
        git(cls.root, "clone", "-q", origin, dev)
        c = cls.c = {}
        c["m1"] = commit(dev, "README", "demo\n", "start")
        c["m2"] = commit(dev, "main.env", f"TOKEN={token('main')}\n", "main secret")
        git(dev, "push", "-q", "origin", "main")
        git(dev, "checkout", "-q", "-b", "feature")
        c["f1"] = commit(dev, "feature.env", f"TOKEN={token('feature')}\n", "feature secret")
        c["f2"] = commit(dev, "feature.txt", "more\n", "more")
        git(dev, "push", "-q", "origin", "feature")
        # The runner's checkout: GitLab clones the pipeline's ref with GIT_DEPTH 0.
        cls.checkout = os.path.join(cls.root, "checkout")
        git(cls.root, "clone", "-q", "--no-local", "--branch", "feature", origin, cls.checkout)
        cls.bin = os.path.join(cls.root, "bin")
        os.makedirs(cls.bin)
        os.symlink(KEYSIFT, os.path.join(cls.bin, "keysift"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def run_job(self, **ci):
        """Runs the job's before_script and script as GitLab's shell executor would: one
        sh session, stopping at the first failing command. Returns (exit code, output,
        report)."""
        job = self.template["keysift"]
        variables = {**self.template["variables"], **job.get("variables", {})}
        lines = ["set -e"] + job["before_script"] + job["script"]
        report = os.path.join(self.checkout, variables["KEYSIFT_REPORT"])
        if os.path.exists(report):
            os.remove(report)
        tmp = tempfile.mkdtemp(dir=self.root)
        env = {**os.environ, "PATH": self.bin + os.pathsep + os.environ["PATH"], "TMPDIR": tmp,
               "CI": "true", "GITLAB_CI": "true", "CI_DEFAULT_BRANCH": "main",
               **{k: str(v) for k, v in variables.items()}, **ci}
        r = subprocess.run(["sh", "-c", "\n".join(lines)], cwd=self.checkout, env=env,
                           capture_output=True, text=True, timeout=300)
        data = None
        if os.path.exists(report):
            with open(report) as f:
                data = json.load(f)
            v = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "tests", "validate_json.py"),
                                os.path.join(SOURCE, "..", "shared", "schemas",
                                             "gitlab-secret-detection-report-format.json"),
                                report], capture_output=True, text=True)
            self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        return r.returncode, r.stdout + r.stderr, data

    def commits_in(self, report):
        return sorted({v["location"]["commit"]["sha"] for v in report["vulnerabilities"]})

    def test_the_template_publishes_a_secret_detection_report(self):
        job = self.template["keysift"]
        self.assertEqual(job["artifacts"]["reports"]["secret_detection"], "$KEYSIFT_REPORT")
        self.assertEqual(job["artifacts"]["when"], "always")
        self.assertEqual(job["variables"]["GIT_DEPTH"], "0")

    def test_merge_request_pipeline_scans_the_diff_range(self):
        c = self.c
        rc, log, report = self.run_job(CI_PIPELINE_SOURCE="merge_request_event",
                                       CI_MERGE_REQUEST_DIFF_BASE_SHA=c["m2"],
                                       CI_COMMIT_SHA=c["f2"], CI_COMMIT_BEFORE_SHA=ZEROS)
        self.assertEqual(rc, 1, log)
        self.assertIn(f"git --range {c['m2']}..{c['f2']}", log)
        self.assertEqual(self.commits_in(report), [c["f1"]])
        self.assertEqual(report["scan"]["status"], "success")
        v = report["vulnerabilities"][0]
        self.assertEqual(v["location"]["file"], "feature.env")
        self.assertEqual(v["identifiers"][0]["value"], "github-pat")
        self.assertNotIn(token("feature"), json.dumps(report))  # redacted

    def test_branch_pipeline_scans_the_pushed_commits(self):
        c = self.c
        rc, log, report = self.run_job(CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature",
                                       CI_COMMIT_BEFORE_SHA=c["f1"], CI_COMMIT_SHA=c["f2"])
        self.assertEqual(rc, 0, log)
        self.assertEqual(report["vulnerabilities"], [])

    def test_a_new_branch_scans_what_the_default_branch_lacks(self):
        c = self.c
        rc, log, report = self.run_job(CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature",
                                       CI_COMMIT_BEFORE_SHA=ZEROS, CI_COMMIT_SHA=c["f2"])
        self.assertEqual(rc, 1, log)
        self.assertIn(f"git --range origin/main..{c['f2']}", log)
        self.assertEqual(self.commits_in(report), [c["f1"]])

    def test_scheduled_pipeline_audits_every_ref(self):
        c = self.c
        rc, log, report = self.run_job(CI_PIPELINE_SOURCE="schedule", CI_COMMIT_BRANCH="feature",
                                       CI_COMMIT_SHA=c["f2"])
        self.assertEqual(rc, 1, log)
        self.assertEqual(self.commits_in(report), sorted([c["m2"], c["f1"]]))

    def test_a_downloaded_release_is_checked(self):
        rel = os.path.join(self.root, "releases", "v9.9.9")
        os.makedirs(rel, exist_ok=True)
        asset = os.path.join(rel, "keysift-9.9.9-x86_64-linux")
        shutil.copy(KEYSIFT, asset)
        with open(asset, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        with open(asset + ".sha256", "w") as f:
            f.write(f"{digest}  keysift-9.9.9-x86_64-linux\n")
        c = self.c
        rc, log, _ = self.run_job(KEYSIFT_VERSION="9.9.9",
                                  KEYSIFT_RELEASE_URL="file://" + os.path.join(self.root, "releases"),
                                  CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature",
                                  CI_COMMIT_BEFORE_SHA=c["f1"], CI_COMMIT_SHA=c["f2"])
        self.assertEqual(rc, 0, log)
        with open(asset, "ab") as f:
            f.write(b"tampered")
        rc, log, _ = self.run_job(KEYSIFT_VERSION="9.9.9",
                                  KEYSIFT_RELEASE_URL="file://" + os.path.join(self.root, "releases"),
                                  CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature",
                                  CI_COMMIT_BEFORE_SHA=c["f1"], CI_COMMIT_SHA=c["f2"])
        self.assertEqual(rc, 2, log)
        self.assertIn("checksum mismatch", log)


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    return run_in_own_git_home("gitlab")


if __name__ == "__main__":
    sys.exit(main())
