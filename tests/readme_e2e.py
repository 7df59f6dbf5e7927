#!/usr/bin/env python3
"""Keeps README.md's snippets true: each `<!-- snippet: NAME -->` block of "Where keysift
runs" is taken from the README and run in a real repository with the real keysift (a
shell snippet), or parsed and checked against what it refers to (CI configuration: the
manifest's hook ids, the action's inputs, the GitLab template), and run where it can be
(the pre-commit config with Debian's pre-commit, the GitLab include's job through
tests/gitlab_e2e.py). Only the network is replaced: the repository URL by a local clone,
`docker save` and a registry by podman and an OCI layout.

Usage: readme_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
"""
import hashlib
import json
import os
import re
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
NAMES = ["local-hook", "pre-commit-config", "github-workflow", "gitlab-ci", "ci-shell",
         "history-audit", "image-before-push", "log-redaction"]


def token(seed):
    digest = hashlib.sha256(f"keysift-readme-e2e-{seed}".encode()).digest()
    return with_checksum("".join(B62[b % 62] for b in digest[:30]))


def snippets():
    with open(os.path.join(SOURCE, "README.md")) as f:
        text = f.read()
    found = {}
    for m in re.finditer(r"<!-- snippet: ([a-z-]+) -->\n```(\w+)\n(.*?)```", text, re.S):
        found[m.group(1)] = (m.group(2), m.group(3))
    return found


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        return re.search(r"project\(keysift VERSION ([0-9.]+)", f.read()).group(1)


def git(cwd, *args, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stderr}")
    return r


class Readme(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.snippets = snippets()

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="keysift-readme-")
        self.bin = os.path.join(self.root, "bin")
        os.makedirs(self.bin)
        os.symlink(KEYSIFT, os.path.join(self.bin, "keysift"))
        self.env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ["PATH"],
                        PRE_COMMIT_HOME=os.path.join(self.root, "pre-commit-cache"))
        self.repo = os.path.join(self.root, "repo")
        os.makedirs(self.repo)
        git(self.repo, "init", "-q")

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def commit(self, message, verify=False):
        git(self.repo, "add", "-A")
        git(self.repo, "commit", "-q", *([] if verify else ["--no-verify"]), "-m", message)

    def sh(self, script, cwd=None, env=None):
        return subprocess.run(["bash", "-c", script], cwd=cwd or self.repo, env=env or self.env,
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)

    def lines(self, name, kind="sh"):
        lang, body = self.snippets[name]
        self.assertEqual(lang, kind, name)
        lines = [l for l in body.splitlines() if l.strip()]
        self.assertTrue(lines, f"snippet {name} is empty: the loops over it would test nothing")
        return lines

    def test_every_place_has_its_snippet(self):
        self.assertEqual(sorted(self.snippets), sorted(NAMES))

    def test_versions_agree(self):
        """The snippets pin one release: the version CMakeLists.txt builds."""
        v = project_version()
        pins = re.findall(r"(?:rev: v|@v|/v|version: |VERSION: \")([0-9]+\.[0-9]+\.[0-9]+)",
                          "".join(body for _, body in self.snippets.values()))
        self.assertTrue(pins)
        self.assertEqual(set(pins), {v})

    def test_local_hook(self):
        install, commit = self.lines("local-hook")
        r = self.sh(install)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.write("t.env", f"token={token('hook')}\n")
        git(self.repo, "add", "t.env")
        r = self.sh(commit)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("github-pat", r.stdout + r.stderr)

    def test_pre_commit_config(self):
        config = yaml.safe_load(self.snippets["pre-commit-config"][1])
        entry = config["repos"][0]
        self.assertEqual(entry["repo"], "https://github.com/keysift/keysift")
        with open(os.path.join(SOURCE, ".pre-commit-hooks.yaml")) as f:
            ids = {h["id"] for h in yaml.safe_load(f)}
        self.assertTrue({h["id"] for h in entry["hooks"]} <= ids)
        # Run it: the repository URL becomes a local clone with the same tag.
        hooks = os.path.join(self.root, "keysift")
        os.makedirs(os.path.join(hooks, "hooks"))
        shutil.copy(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), hooks)
        for name in ("framework-staged", "framework-pre-push"):
            shutil.copy(os.path.join(SOURCE, "hooks", name), os.path.join(hooks, "hooks"))
        git(hooks, "init", "-q")
        git(hooks, "add", "-A")
        git(hooks, "commit", "-q", "-m", "hooks")
        git(hooks, "tag", entry["rev"])
        text = self.snippets["pre-commit-config"][1].replace(entry["repo"], hooks)
        version = subprocess.run(["pre-commit", "--version"], capture_output=True,
                                 text=True).stdout.split()[-1]
        if tuple(int(x) for x in version.split(".")[:2]) < (3, 2):
            text = text.replace("stages: [pre-push]", "stages: [push]")  # as the README says
        self.write(".pre-commit-config.yaml", text)
        self.commit("config")
        r = self.sh("pre-commit install -t pre-commit -t pre-push")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.write("leak.env", f"TOKEN={token('pre-commit')}\n")
        git(self.repo, "add", "leak.env")
        r = self.sh("git commit -m leak")
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("github-pat", r.stdout + r.stderr)

    def test_github_workflow(self):
        wf = yaml.safe_load(self.snippets["github-workflow"][1])
        on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
        self.assertEqual(set(on), {"pull_request", "push", "schedule"})
        self.assertEqual(wf["permissions"]["security-events"], "write")
        steps = wf["jobs"]["keysift"]["steps"]
        self.assertEqual(steps[0]["with"]["fetch-depth"], 0)
        self.assertTrue(steps[1]["uses"].startswith("keysift/keysift@v"))
        with open(os.path.join(SOURCE, "action.yml")) as f:
            action = yaml.safe_load(f)
        self.assertTrue(set(steps[1]["with"]) <= set(action["inputs"]))
        readme = open(os.path.join(SOURCE, "README.md")).read()
        section = readme[readme.index("### GitHub Actions"):readme.index("### GitLab CI")]
        listed = re.search(r"Inputs: (.*?)\.\n", section, re.S).group(1)
        self.assertEqual(set(re.findall(r"`([a-z-]+)`", listed)), set(action["inputs"]))

    def test_gitlab_ci(self):
        config = yaml.safe_load(self.snippets["gitlab-ci"][1])
        url = config["include"][0]["remote"]
        self.assertTrue(url.endswith("/.gitlab/keysift.gitlab-ci.yml"))
        with open(os.path.join(SOURCE, ".gitlab", "keysift.gitlab-ci.yml")) as f:
            template = yaml.safe_load(f)
        self.assertTrue(set(config["variables"]) <= set(template["variables"]))
        self.assertIn("keysift", template)  # the job itself runs in tests/gitlab_e2e.py

    def test_ci_shell(self):
        self.write("README", "demo\n")
        self.commit("start")
        git(self.repo, "update-ref", "refs/remotes/origin/main", "HEAD")
        self.write("settings.env", f"TOKEN={token('ci')}\n")
        self.commit("settings")
        (line,) = self.lines("ci-shell")
        r = self.sh(line)
        self.assertEqual(r.returncode, 1, r.stderr)
        import xml.etree.ElementTree as ET
        suite = ET.parse(os.path.join(self.repo, "keysift-junit.xml")).getroot()
        self.assertEqual(suite.get("failures"), "1")
        case = suite.find(".//testcase[@classname='github-pat']")
        self.assertEqual(case.get("name"), "settings.env")

    def test_history_audit(self):
        self.write("old.env", f"TOKEN={token('history')}\n")
        self.commit("old")
        os.remove(os.path.join(self.repo, "old.env"))
        self.commit("removed")
        for line in self.lines("history-audit"):
            r = self.sh(line)
            self.assertEqual(r.returncode, 1, line + r.stderr)
        with open(os.path.join(self.repo, "history.sarif")) as f:
            results = json.load(f)["runs"][0]["results"]
        self.assertEqual([r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                          for r in results], ["old.env"])

    def test_image_before_push(self):
        work = self.root
        t = token("image")
        self.sh(f"""set -e
umoci init --layout oci >/dev/null && umoci new --image oci:app
umoci unpack --image oci:app bundle >/dev/null
echo "token={t}" >bundle/rootfs/app.env
umoci repack --image oci:app bundle && rm -rf bundle
skopeo --insecure-policy copy -q oci:oci:app docker-archive:app.tar:app:1""", cwd=work)
        podman = (f"podman --root {work}/store --runroot {work}/run --storage-driver vfs "
                  "--cgroup-manager cgroupfs --events-backend file")
        r = self.sh(f"{podman} load -q -i app.tar", cwd=work)
        self.assertEqual(r.returncode, 0, r.stderr)
        service = subprocess.Popen(f"exec {podman} system service --time=0 unix://{work}/engine.sock",
                                   shell=True, cwd=work, stderr=subprocess.DEVNULL)
        try:
            self.sh(f"for i in $(seq 1 100); do curl -sf --unix-socket {work}/engine.sock "
                    "http://e/_ping >/dev/null && break; sleep 0.1; done", cwd=work)
            # Stand-ins for the network and a docker CLI: the registry is the OCI layout
            # just built; `docker save` is podman's (same stream format).
            shims = (f"docker() {{ {podman} \"$@\"; }}\n"
                     f"skopeo() {{ command skopeo --insecure-policy \"${{@/docker:\\/\\/registry.example\\/app:1/oci:{work}/oci:app}}\"; }}\n")
            env = dict(self.env, DOCKER_HOST=f"unix://{work}/engine.sock")
            for line in self.lines("image-before-push"):
                r = self.sh(shims + line, cwd=work, env=env)
                self.assertEqual(r.returncode, 1, line + "\n" + r.stdout + r.stderr)
                self.assertIn("app.env", r.stdout, line)
        finally:
            service.terminate()
            service.wait(timeout=30)

    def test_log_redaction(self):
        t = token("log")
        self.write("build.sh", f"#!/bin/sh\necho compiling\necho \"deploy with {t}\"\necho done\n")
        os.chmod(os.path.join(self.repo, "build.sh"), 0o755)
        r = self.sh("\n".join(self.lines("log-redaction")))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(t, r.stdout)
        self.assertIn("compiling\n", r.stdout)
        self.assertIn("done\n", r.stdout)
        self.assertIn("deploy with ", r.stdout)


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    return run_in_own_git_home("readme")


if __name__ == "__main__":
    sys.exit(main())
