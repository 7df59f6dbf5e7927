#!/usr/bin/env python3
"""End-to-end tests of the GitHub Action (action.yml, action/): the event payloads GitHub
sends (tests/fixtures/github-events, shaped as recorded from GitHub, their commit ids
filled in here) fed to action/keysift_action.py in a runner-like checkout of a real
repository, with the real keysift; the verdict step; the release download of
action/get_keysift.sh over file:// URLs; and action.yml's wiring.

Usage: action_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
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
    digest = hashlib.sha256(f"keysift-action-e2e-{seed}".encode()).digest()
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


class World:
    """origin (bare, serving any commit by id as GitHub does), a developer's clone that
    pushes to it, and the runner's checkout (every branch, as fetch-depth: 0 gives)."""

    def __init__(self, root):
        self.root = root
        self.origin = os.path.join(root, "origin.git")
        git(root, "init", "-q", "--bare", self.origin)
        git(self.origin, "config", "uploadpack.allowAnySHA1InWant", "true")
        self.dev = os.path.join(root, "dev")
        git(root, "clone", "-q", self.origin, self.dev)
        c = self.c = {}
        c["m1"] = commit(self.dev, "README", "demo\n", "start")
        c["m2"] = commit(self.dev, "settings.env", f"GITHUB_TOKEN={token('main')}\n", "settings")
        git(self.dev, "push", "-q", "origin", "main")
        git(self.dev, "checkout", "-q", "-b", "feature")
        c["f1"] = commit(self.dev, "feature.txt", "a feature\n", "feature")
        c["f2"] = commit(self.dev, "feature.env", f"TOKEN={token('feature')}\n", "feature env")
        git(self.dev, "push", "-q", "origin", "feature")
        # A pull request from a fork: its head is only under refs/pull/, not a branch.
        git(self.dev, "checkout", "-q", "-b", "fork", "main")
        c["p1"] = commit(self.dev, "fork.env", f"KEY={token('fork')}\n", "from a fork")
        git(self.dev, "push", "-q", "origin", "fork:refs/pull/9/head")
        # A tip that a force push replaced: never pushed, so the runner cannot get it.
        git(self.dev, "checkout", "-q", "-b", "gone", "main")
        c["gone"] = commit(self.dev, "gone.txt", "replaced\n", "replaced by a force push")
        self.runner = os.path.join(root, "runner")
        # --no-local: over git's transport, as from GitHub (a local clone would copy every
        # object, those of refs/pull/ included).
        git(root, "clone", "-q", "--no-local", "--no-tags", self.origin, self.runner)
        git(self.runner, "checkout", "-q", "feature")


def fill(name, **values):
    with open(os.path.join(SOURCE, "tests", "fixtures", "github-events", name)) as f:
        text = f.read()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
        text = text.replace("{{" + key + "12}}", value[:12])
    text = text.replace("{{TREE}}", "4b825dc642cb6eb9a060e54bf8d69288fbe4904d")
    payload = json.loads(text)
    assert "{{" not in json.dumps(payload), f"{name}: a placeholder is left"
    return payload


class ActionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="keysift-action-")
        cls.world = World(cls.root)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def run_action(self, event, payload, **inputs):
        """Runs the Scan step; returns (outputs, stdout, SARIF or None)."""
        work = tempfile.mkdtemp(dir=self.root)
        event_path = os.path.join(work, "event.json")
        with open(event_path, "w") as f:
            json.dump(payload, f)
        env = dict(os.environ, GITHUB_EVENT_NAME=event, GITHUB_EVENT_PATH=event_path,
                   GITHUB_OUTPUT=os.path.join(work, "output"),
                   GITHUB_STEP_SUMMARY=os.path.join(work, "summary.md"), KEYSIFT=KEYSIFT,
                   INPUT_PATH=self.world.runner,
                   INPUT_SARIF_FILE=os.path.join(work, "keysift.sarif"))
        for k, v in inputs.items():
            env["INPUT_" + k.upper()] = v
        r = subprocess.run([sys.executable, os.path.join(SOURCE, "action", "keysift_action.py")],
                           env=env, cwd=self.world.runner, capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(env["GITHUB_OUTPUT"]) as f:
            outputs = dict(line.rstrip("\n").split("=", 1) for line in f)
        sarif = None
        if outputs["sarif-file"]:
            with open(outputs["sarif-file"]) as f:
                sarif = json.load(f)
        self.summary = ""
        if os.path.exists(env["GITHUB_STEP_SUMMARY"]):
            with open(env["GITHUB_STEP_SUMMARY"]) as f:
                self.summary = f.read()
        return outputs, r.stdout + r.stderr, sarif

    def commits_found(self, sarif):
        return sorted({r["properties"]["commit"] for r in sarif["runs"][0]["results"]})

    def test_push_scans_before_to_after(self):
        c = self.world.c
        out, log, sarif = self.run_action("push", fill("push.json", BEFORE=c["m1"], AFTER=c["m2"]))
        self.assertEqual(out["exit-code"], "1", log)
        self.assertIn(f"--range {c['m1']}..{c['m2']}", log)
        self.assertEqual(self.commits_found(sarif), [c["m2"]])
        self.assertIn("::error file=settings.env,line=1,title=keysift%3A github-pat::", log)
        self.assertIn("| `github-pat` | `settings.env` | 1 |", self.summary)

    def test_push_of_clean_commits_is_clean(self):
        c = self.world.c
        out, log, sarif = self.run_action("push", fill("push.json", BEFORE=c["f2"], AFTER=c["f2"]))
        self.assertEqual((out["exit-code"], out["findings"]), ("0", "0"), log)
        self.assertEqual(sarif["runs"][0]["results"], [])

    def test_new_branch_scans_what_the_default_branch_lacks(self):
        c = self.world.c
        out, log, sarif = self.run_action("push", fill("push-new-branch.json", AFTER=c["f2"]))
        self.assertEqual(out["exit-code"], "1", log)
        self.assertIn(f"push created a branch: the commits main does not have "
                      f"({c['m2'][:12]}..{c['f2'][:12]})", log)
        self.assertIn(f"--range {c['m2']}..{c['f2']}", log)
        self.assertEqual(self.commits_found(sarif), [c["f2"]])  # not main's m2

    def test_force_push_whose_old_tip_is_gone(self):
        c = self.world.c
        out, log, sarif = self.run_action(
            "push", fill("push-force.json", BEFORE=c["gone"], AFTER=c["f2"]))
        self.assertIn("force push: the old tip", log)
        self.assertEqual(out["exit-code"], "1", log)
        self.assertEqual(self.commits_found(sarif), [c["f2"]])

    def test_force_push_whose_old_tip_is_known(self):
        c = self.world.c
        out, log, sarif = self.run_action(
            "push", fill("push-force.json", BEFORE=c["f1"], AFTER=c["f2"]))
        self.assertIn(f"push (force push): {c['f1'][:12]}..{c['f2'][:12]}", log)
        self.assertEqual(self.commits_found(sarif), [c["f2"]])

    def test_deleted_branch_has_nothing_to_scan(self):
        out, log, sarif = self.run_action("push", fill("push-delete.json", BEFORE=self.world.c["f2"]))
        self.assertEqual((out["exit-code"], out["sarif-file"]), ("0", ""), log)
        self.assertIn("nothing to scan", log)

    def test_first_push_of_the_default_branch_scans_its_history(self):
        c = self.world.c
        out, log, sarif = self.run_action("push", fill("push-first.json", AFTER=c["m2"]))
        self.assertIn(f"push created a branch: the history of {c['m2'][:12]}", log)
        self.assertIn(f"--branch {c['m2']}", log)
        self.assertEqual(self.commits_found(sarif), [c["m2"]])

    def test_pull_request_from_a_fork_fetches_its_head(self):
        c = self.world.c
        self.assertNotEqual(subprocess.run(["git", "cat-file", "-e", c["p1"]],
                                           cwd=self.world.runner).returncode, 0)
        out, log, sarif = self.run_action(
            "pull_request", fill("pull_request.json", BASE=c["m2"], HEAD=c["p1"], BEFORE=c["m2"]))
        self.assertEqual(out["exit-code"], "1", log)
        self.assertIn(f"pull request #7: {c['m2'][:12]}..{c['p1'][:12]}", log)
        self.assertEqual(self.commits_found(sarif), [c["p1"]])

    def test_pull_request_whose_base_is_unknown_is_an_error(self):
        c = self.world.c
        out, log, _ = self.run_action(
            "pull_request", fill("pull_request.json", BASE="1" * 40, HEAD=c["f2"], BEFORE=c["f1"]))
        self.assertEqual((out["exit-code"], out["sarif-file"]), ("2", ""), log)
        self.assertIn("fetch-depth: 0", log)

    def test_merge_group(self):
        c = self.world.c
        out, log, sarif = self.run_action("merge_group",
                                          fill("merge_group.json", BASE=c["m2"], HEAD=c["f2"]))
        self.assertEqual(self.commits_found(sarif), [c["f2"]])

    def test_schedule_and_dispatch_audit_every_ref(self):
        c = self.world.c
        for event in ("schedule", "workflow_dispatch"):
            with self.subTest(event):
                out, log, sarif = self.run_action(event, fill(event + ".json"))
                self.assertEqual(out["exit-code"], "1", log)
                self.assertEqual(self.commits_found(sarif), sorted([c["m2"], c["f2"]]))

    def test_an_event_without_a_mode_is_an_error_and_a_mode_overrides(self):
        out, log, _ = self.run_action("issues", fill("issues.json"))
        self.assertEqual(out["exit-code"], "2", log)
        self.assertIn("set `mode:`", log)
        c = self.world.c
        out, log, sarif = self.run_action("issues", fill("issues.json"), mode="range",
                                          range=f"{c['m1']}..{c['m2']}")
        self.assertEqual(self.commits_found(sarif), [c["m2"]])

    def test_the_sarif_report_validates(self):
        c = self.world.c
        out, _, _ = self.run_action("push", fill("push.json", BEFORE=c["m1"], AFTER=c["m2"]))
        r = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "tests", "validate_json.py"),
                            os.path.join(SOURCE, "..", "shared", "schemas", "sarif-schema-2.1.0.json"),
                            out["sarif-file"]], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class Verdict(unittest.TestCase):
    def verdict(self, code, fail_on_findings="true"):
        env = dict(os.environ, EXIT_CODE=code, INPUT_FAIL_ON_FINDINGS=fail_on_findings)
        return subprocess.run([sys.executable, os.path.join(SOURCE, "action", "keysift_action.py"),
                               "--verdict"], env=env, capture_output=True, text=True).returncode

    def test_fails_on_findings_incomplete_scans_and_errors(self):
        self.assertEqual(self.verdict("0"), 0)
        self.assertEqual(self.verdict("1"), 1)
        self.assertEqual(self.verdict("1", "false"), 0)
        self.assertEqual(self.verdict("3"), 1)
        self.assertEqual(self.verdict("3", "false"), 1)
        self.assertEqual(self.verdict("2", "false"), 1)
        self.assertEqual(self.verdict(""), 1)  # the scan step never ran


class GetKeysift(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-get-")
        self.bin = os.path.join(self.root, "bin")  # tools, and no keysift
        os.makedirs(self.bin)
        for tool in ("bash", "curl", "sha256sum", "uname", "mkdir", "chmod", "head", "dirname",
                     "id", "cat"):
            os.symlink(shutil.which(tool), os.path.join(self.bin, tool))
        rel = os.path.join(self.root, "releases", "v9.9.9")
        os.makedirs(rel)
        self.asset = os.path.join(rel, "keysift-9.9.9-x86_64-linux")
        shutil.copy(KEYSIFT, self.asset)
        with open(self.asset, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        with open(self.asset + ".sha256", "w") as f:
            f.write(f"{digest}  keysift-9.9.9-x86_64-linux\n")

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def get(self, **env):
        out = os.path.join(self.root, "output")
        full = dict(PATH=self.bin, RUNNER_TEMP=os.path.join(self.root, "tmp"), GITHUB_OUTPUT=out,
                    INPUT_RELEASE_URL="file://" + os.path.join(self.root, "releases"), **env)
        r = subprocess.run(["bash", os.path.join(SOURCE, "action", "get_keysift.sh")], env=full,
                           capture_output=True, text=True, timeout=120)
        got = ""
        if os.path.exists(out):
            with open(out) as f:
                got = f.read().strip()
        return r.returncode, got, r.stdout + r.stderr

    def test_downloads_a_named_release_and_checks_its_digest(self):
        rc, out, log = self.get(INPUT_VERSION="9.9.9")
        self.assertEqual(rc, 0, log)
        path = out.split("=", 1)[1]
        self.assertTrue(path.startswith(os.path.join(self.root, "tmp")))
        self.assertEqual(subprocess.run([path, "--version"], capture_output=True).returncode, 0)

    def test_the_action_tag_names_the_release(self):
        rc, out, log = self.get(ACTION_REF="v9.9.9")
        self.assertEqual(rc, 0, log)
        self.assertIn("keysift-9.9.9-x86_64-linux", out)

    def test_a_tampered_binary_is_refused(self):
        with open(self.asset, "ab") as f:
            f.write(b"\0")
        rc, out, log = self.get(INPUT_VERSION="9.9.9")
        self.assertNotEqual(rc, 0)
        self.assertEqual(out, "")
        self.assertIn("does not match its .sha256", log)

    def test_a_missing_release_fails(self):
        rc, out, log = self.get(INPUT_VERSION="1.2.3")
        self.assertNotEqual(rc, 0)
        self.assertEqual(out, "")

    def test_keysift_on_path_is_used(self):
        os.symlink(KEYSIFT, os.path.join(self.bin, "keysift"))
        rc, out, log = self.get()
        self.assertEqual((rc, out), (0, "keysift=" + os.path.join(self.bin, "keysift")), log)


class Wiring(unittest.TestCase):
    def test_every_input_and_output_is_declared_and_used(self):
        with open(os.path.join(SOURCE, "action.yml")) as f:
            text = f.read()
        action = yaml.safe_load(text)
        self.assertEqual(action["runs"]["using"], "composite")
        declared = set(action["inputs"])
        used = set()
        for step in action["runs"]["steps"]:
            for value in list((step.get("env") or {}).values()) + list((step.get("with") or {}).values()) + [step.get("if", "")]:
                used.update(part.split("}}")[0].strip().split(".", 1)[1].split()[0]
                            for part in str(value).split("${{")[1:] if "inputs." in part)
        self.assertEqual(used, declared)
        ids = {s.get("id") for s in action["runs"]["steps"]}
        for name, out in action["outputs"].items():
            step = out["value"].split("steps.")[1].split(".")[0]
            self.assertIn(step, ids, name)
        upload = [s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
        self.assertEqual(len(upload), 1)
        self.assertIn("always()", upload[0]["if"])
        # Every INPUT_* the script reads is given by the Scan step.
        with open(os.path.join(SOURCE, "action", "keysift_action.py")) as f:
            script = f.read()
        scan_env = set(next(s for s in action["runs"]["steps"] if s.get("id") == "scan")["env"])
        for key in ("mode", "range", "path", "args", "sarif-file"):
            self.assertIn("INPUT_" + key.upper().replace("-", "_"), scan_env)
            self.assertIn(f'"{key}"', script)


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    return run_in_own_git_home("action")


if __name__ == "__main__":
    sys.exit(main())
