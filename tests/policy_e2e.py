#!/usr/bin/env python3
"""End-to-end tests of the project policy (issue 14): allow comments, .keysift.toml,
baselines (with a real `git merge`), ignore files, the policy a pull request cannot
weaken, gitleaks configs and ignore files, `keysift migrate gitleaks`, and what a blocked
hook says — in every mode, with the real binary on real files and repositories.

Usage: policy_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest)
KEYSIFT_GITLEAKS_DEFAULT_CONFIG, when set, names gitleaks' own default config (from the
golang-github-gitleaks-gitleaks-dev package; scratch only, never committed): it is loaded
whole and every rule must compile.
"""
import base64
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest
import zlib

from e2e_support import run_in_own_git_home

KEYSIFT = ""
SOURCE = ""
ZEROS = "0" * 40
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def token(seed):
    """A synthetic GitHub-style token with a valid checksum; never a real credential."""
    digest = hashlib.sha256(f"keysift-policy-e2e-{seed}".encode()).digest()
    body = "".join(B62[b % 62] for b in digest[:30])
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


def pem(seed):
    """A synthetic PEM block: random bytes, base64 in 64-column lines (not a key)."""
    raw = random.Random(seed).randbytes(600)
    b64 = base64.b64encode(b"\x30\x82\x02\x5c\x02\x01\x00" + raw).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----\n"


def keysift(*args, cwd=None, stdin="", env=None):
    return subprocess.run([KEYSIFT, *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=300, env=env)


class Tmp(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="keysift-policy-e2e-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, rel):
        return os.path.join(self.dir, rel)

    def write(self, rel, data):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return p

    def read(self, rel):
        with open(self.path(rel)) as f:
            return f.read()

    def scan(self, *args, code, root=None):
        r = keysift("scan", "--format", "json", "--show-secrets", *args, root or self.dir)
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        return json.loads(r.stdout), r.stderr

    def git(self, *args, cwd=None, check=True, stdin=None):
        r = subprocess.run(["git", *args], cwd=cwd or self.dir, capture_output=True,
                           text=True, input=stdin, timeout=120)
        if check and r.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {r.stdout}{r.stderr}")
        return r.stdout.strip()

    def commit(self, message, cwd=None):
        self.git("add", "-A", cwd=cwd)
        self.git("commit", "-qm", message, cwd=cwd)
        return self.git("rev-parse", "HEAD", cwd=cwd)


def secrets(report, key="findings"):
    return sorted(f["secret"] for f in report.get(key, []))


class AllowComments(Tmp):
    def test_forms_reasons_and_what_is_shown(self):
        self.write("a.py", f"A = '{token(1)}'  # keysift:allow -- fixture, revoked\n"
                           f"B = '{token(2)}'  # keysift:allow github-pat\n"
                           f"C = '{token(3)}'  # keysift:allow aws-access-key-id\n"
                           f"D = '{token(4)}'  # gitleaks:allow\n"
                           f"E = '{token(5)}'  # keysift:allowed is not a marker\n")
        report, _ = self.scan(code=1)
        self.assertEqual(secrets(report), sorted([token(3), token(5)]))
        self.assertEqual(report["stats"]["allowed"], {"comment": 3})
        self.assertNotIn("allowed", report)  # listed only on request
        report, _ = self.scan("--show-allowed", code=1)
        allowed = {f["secret"]: f["allowed"] for f in report["allowed"]}
        self.assertEqual(allowed[token(1)], {"kind": "comment", "by": "keysift:allow",
                                             "reason": "fixture, revoked"})
        self.assertEqual(allowed[token(2)]["by"], "keysift:allow github-pat")
        self.assertEqual(allowed[token(4)]["by"], "gitleaks:allow")
        r = keysift("scan", "--show-allowed", self.dir)
        self.assertIn("allowed (3):", r.stdout)
        self.assertIn("3 allowed (3 comment)", r.stdout)

    def test_a_pem_block_is_allowed_on_its_first_line_or_the_line_before(self):
        self.write("before.py", "# keysift:allow -- test key\nKEY = '''" + pem(1) + "'''\n")
        self.write("none.py", "KEY = '''" + pem(2) + "'''\n")
        self.write("far.py", "# keysift:allow\n\nKEY = '''" + pem(3) + "'''\n")
        report, _ = self.scan(code=1)
        paths = sorted(f["path"] for f in report["findings"])
        self.assertTrue(paths and all(p.endswith(("none.py", "far.py")) for p in paths), paths)
        self.assertTrue(any(p.endswith("far.py") for p in paths))  # two lines up: not allowed
        self.assertGreaterEqual(report["stats"]["allowed"]["comment"], 1)


class Config(Tmp):
    def test_disable_override_allowlists(self):
        self.write("src/app.py", f"T = '{token(10)}'\n")
        self.write("tests/fixtures/f.py", f"T = '{token(11)}'\n")
        self.write("docs/x.md", f"# example {token(12)}\n")
        self.write(".keysift.toml", """
[[override]]
id = "github-pat"
severity = "critical"

[[allowlists]]
description = "fixtures"
globs = ["tests/fixtures/**"]

[[allowlists]]
condition = "all"
globs = ["docs/**"]
target = "line"
regexes = ['''^#''']
""")
        report, _ = self.scan("--show-allowed", code=1)
        self.assertEqual(secrets(report), [token(10)])
        self.assertEqual(report["findings"][0]["severity"], "critical")
        # The fixture's file is skipped before it is read (an allowlist for every rule);
        # the docs line is read and its finding waved through (a condition on the line).
        self.assertEqual([a["path"].endswith("docs/x.md") for a in report["allowed"]], [True])
        self.assertEqual(report["allowed"][0]["allowed"]["kind"], "allowlist")
        self.assertEqual(sum(report["stats"]["skipped"].values()), 1)
        self.write(".keysift.toml", '[disable]\nrules = ["github-pat"]\n')
        report, _ = self.scan(code=0)
        self.assertEqual(report["findings"], [])

    def test_errors_say_file_line_column(self):
        cfg = self.write(".keysift.toml", "[[allowlists]]\nglobs = ['a']\ncondtion = 'all'\n")
        r = keysift("scan", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"{cfg}:3:1: unknown key 'condtion'", r.stderr)
        self.write(".keysift.toml", "[disable]\nrules = ['github-patt']\n")
        r = keysift("scan", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn(":2:10: no built-in rule 'github-patt' to disable", r.stderr)

    def test_keysift_config_env_and_config_check(self):
        cfg = self.write("elsewhere.toml", '[disable]\ntags = ["generic"]\n[[allowlists]]\n'
                                           'stopwords = ["example"]\n')
        r = keysift("config", "check", cfg)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ok (keysift format)", r.stdout)
        self.assertIn("disables the", r.stdout)
        self.assertIn("allowlist on every rule: stopwords example", r.stdout)
        base = self.write("base.toml", "")
        r = keysift("config", "check", cfg, "--base", base)
        self.assertEqual(r.returncode, 1)
        self.assertIn("stops running", r.stdout)
        self.assertIn("the stopword 'example'", r.stdout)
        self.write("t.txt", f"x = {token(13)}\n")
        env = dict(os.environ, KEYSIFT_CONFIG=self.write("off.toml", '[disable]\nrules = ["github-pat"]\n'))
        r = keysift("scan", self.dir, env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class Baselines(Tmp):
    def test_update_then_suppress_new_secret_still_caught(self):
        self.write("a.py", f"A = '{token(20)}'\nB = '{token(21)}'\n")
        kb = self.path("keysift.baseline")
        r = keysift("scan", "--baseline", kb, "--update-baseline", "--baseline-reason",
                    "legacy", "--approved-by", "sec-team", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        text = self.read("keysift.baseline")
        entries = [l for l in text.splitlines() if l and not l.startswith("#")]
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries, sorted(entries))
        self.assertTrue(all('approved_by=sec-team reason=legacy' in e for e in entries))
        self.assertNotIn(token(20), text)
        for banned in ("line", "20" + "26-"):  # no line numbers or timestamps
            self.assertNotIn(f" {banned}=", text)
        # Moved and reformatted: still accepted. A new secret on an accepted line: caught.
        self.write("a.py", f"\n\nconfig:\n  b: {token(21)}\n  a: {token(20)}\n")
        self.write("b.py", f"A = '{token(22)}'\n")
        report, _ = self.scan("--baseline", kb, code=1)
        self.assertEqual(secrets(report), [token(22)])
        self.assertEqual(report["stats"]["allowed"], {"baseline": 2})

    def test_expiry_unused_report_and_prune(self):
        self.write("a.py", f"A = '{token(23)}'\nB = '{token(24)}'\n")
        kb = self.path("kb")
        self.assertEqual(keysift("scan", "--baseline", kb, "--update-baseline", self.dir).returncode, 0)
        lines = self.read("kb").splitlines()
        entries = [l for l in lines if l and not l.startswith("#")]
        gone = "github-pat@" + "0" * 32
        # One entry expired long ago, one never matches anything.
        self.write("kb", "\n".join(lines[:3] + [entries[0] + " expires=2001-01-01", entries[1],
                                                 gone]) + "\n")
        report, err = self.scan("--baseline", kb, "--report-unused", code=1)
        self.assertEqual(len(report["findings"]), 1)
        self.assertIn("expired on 2001-01-01: its finding is reported again", err)
        self.assertIn(f"{gone} matched nothing in this scan", err)
        kinds = sorted(n["kind"] for n in report["notes"])
        self.assertEqual(kinds, ["expired", "unused", "unused"])  # the expired one too
        # --fail-on-unused: an unused entry fails a clean scan.
        os.remove(self.path("a.py"))
        self.write("a.py", f"B = '{token(24)}'\n")
        r = keysift("scan", "--baseline", kb, "--fail-on-unused", self.dir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        r = keysift("scan", "--baseline", kb, "--prune-baseline", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        kept = [l for l in self.read("kb").splitlines() if l and not l.startswith("#")]
        self.assertEqual(kept, [entries[1]])
        # --update-baseline does not renew an expired entry silently.
        self.write("kb", entries[1] + " expires=2001-01-01\n")
        r = keysift("scan", "--baseline", kb, "--update-baseline", self.dir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)

    def test_path_scoped_entries_and_bad_baselines(self):
        self.write("tests/a.py", f"A = '{token(25)}'\n")
        self.write("src/a.py", f"A = '{token(25)}'\n")
        r = keysift("scan", "--format", "json", self.path("tests"))
        fp = json.loads(r.stdout)["findings"][0]["fingerprint"]
        kb = self.write("kb", f"{fp} path=tests/**\n")
        report, _ = self.scan("--baseline", kb, code=1)
        self.assertEqual([f["path"].endswith("src/a.py") for f in report["findings"]], [True])
        self.write("kb", f"{fp} colour=red\n")
        r = keysift("scan", "--baseline", kb, self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"{kb}:1:45: unknown field 'colour'", r.stderr)

    def test_prune_and_report_unused_need_a_full_scan(self):
        self.git("init", "-q")
        r = keysift("git", "--staged", "--prune-baseline", "--baseline", "kb", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("need a full scan", r.stderr)


class NoSelfFlagging(Tmp):
    def test_reports_and_baselines_are_not_secrets(self):
        # A fingerprint once read "aws-secret-access-key:<32 hex>", which keysift's generic
        # rules (and gitleaks') take for a credential: baselines and reports flagged
        # themselves. Every format, and a baseline, of the sample tree must scan clean.
        shutil.copytree(os.path.join(SOURCE, "corpus", "sample"), self.path("sample"))
        out = self.path("out")
        os.makedirs(out)
        for fmt in ("text", "json", "jsonl", "sarif"):
            r = keysift("scan", "--format", fmt, "--output", os.path.join(out, "r." + fmt),
                        self.path("sample"))
            self.assertEqual(r.returncode, 1, r.stderr)
        r = keysift("scan", "--baseline", os.path.join(out, "kb"), "--update-baseline",
                    "--baseline-reason", "secret access key, accepted", self.path("sample"))
        self.assertEqual(r.returncode, 0, r.stderr)
        report, _ = self.scan(code=0, root=out)
        self.assertEqual(report["stats"]["files_scanned"], 5)


class MergeWithoutConflict(Tmp):
    def test_two_branches_adding_entries_merge_cleanly(self):
        self.git("init", "-q")
        self.write("README", "project\n")
        self.commit("start")
        # A baseline with entries on both sides of where the new ones sort.
        kb = self.path("keysift.baseline")
        self.write("seed.py", f"A = '{token(30)}'\nB = '{token(31)}'\nC = '{token(32)}'\n")
        r = keysift("scan", "--baseline", kb, "--update-baseline", self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("merge=union", self.read(".gitattributes"))
        self.commit("baseline")
        fps = {}
        for branch, seed in (("one", 33), ("two", 34)):
            self.git("checkout", "-q", "-b", branch, "main")
            self.write(f"{branch}.py", f"T = '{token(seed)}'\n")
            r = keysift("scan", "--baseline", kb, "--update-baseline", self.dir)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.commit(f"accept {branch}")
            fps[branch] = self.git("diff", "main", "--", "keysift.baseline")
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--no-edit", "one")
        r = subprocess.run(["git", "merge", "--no-edit", "two"], cwd=self.dir,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, "merge conflict:\n" + r.stdout + r.stderr)
        report, _ = self.scan("--baseline", kb, code=0)
        self.assertEqual(report["stats"]["allowed"]["baseline"], 5)
        # Both branches' entries are there once each; re-writing makes it sorted again.
        entries = [l for l in self.read("keysift.baseline").splitlines() if l and l[0] != "#"]
        self.assertEqual(len(entries), 5)
        self.assertEqual(len(set(entries)), 5)

    def test_without_the_union_attribute_the_same_merge_conflicts(self):
        # What merge=union is for: the two new entries sort into the same gap.
        self.git("init", "-q")
        self.write("kb", "a\nz\n")
        self.commit("base")
        self.git("checkout", "-q", "-b", "one")
        self.write("kb", "a\nm1\nz\n")
        self.commit("one")
        self.git("checkout", "-q", "-b", "two", "main")
        self.write("kb", "a\nm2\nz\n")
        self.commit("two")
        self.git("merge", "-q", "--no-edit", "one", check=False)
        self.assertIn("<<<<<<<", self.read("kb"))


class IgnoreFiles(Tmp):
    def test_keysiftignore_and_gitleaksignore(self):
        self.write("a.py", f"A = '{token(40)}'\nB = '{token(41)}'\nC = '{token(42)}'\n")
        r = keysift("scan", "--format", "json", self.dir)
        fps = {f["line"]: f["fingerprint"] for f in json.loads(r.stdout)["findings"]}
        self.write(".keysiftignore", f"# accepted\n{fps[1]}  # a fixture\n")
        self.write(".gitleaksignore", "a.py:github-pat:2\na.py:pkcs12-file:3\nnonsense\n")
        report, err = self.scan("--show-allowed", "--report-unused", code=1)
        self.assertEqual(secrets(report), [token(42)])
        kinds = sorted(a["allowed"]["kind"] for a in report["allowed"])
        self.assertEqual(kinds, ["gitleaksignore", "ignore-file"])
        self.assertIn("gitleaks rule 'pkcs12-file' has no keysift equivalent", err)
        self.assertIn(".gitleaksignore:3: not a gitleaks fingerprint", err)


class EveryMode(Tmp):
    """Each suppression path in each mode: a comment, the config, .keysiftignore and a
    baseline, each waving one secret through, while a fifth is reported."""

    def setup_repo(self):
        self.git("init", "-q")
        self.write("README", "x\n")
        self.commit("start")

    def policy(self, fps):
        # Scoped to a rule, the glob is decided after the scan, in every mode alike.
        self.write(".keysift.toml", '[[allowlists]]\nglobs = ["fixtures/**"]\n'
                                    'rules = ["github-pat"]\n')
        self.write(".keysiftignore", fps["ignored"] + "\n")
        self.write("kb", fps["baselined"] + "\n")

    def files(self):
        return {"a.py": f"A = '{token(50)}'  # keysift:allow\n",
                "fixtures/b.py": f"B = '{token(51)}'\n",
                "c.py": f"C = '{token(52)}'\n",
                "d.py": f"D = '{token(53)}'\n",
                "e.py": f"E = '{token(54)}'\n"}

    def fingerprints(self):
        d = tempfile.mkdtemp(dir=self.dir)
        for n, s in ((2, 52), (3, 53)):
            with open(os.path.join(d, f"{n}.py"), "w") as f:
                f.write(f"x = '{token(s)}'\n")
        r = keysift("scan", "--format", "json", "--show-secrets", d)
        shutil.rmtree(d)
        by = {f["secret"]: f["fingerprint"] for f in json.loads(r.stdout)["findings"]}
        return {"ignored": by[token(52)], "baselined": by[token(53)]}

    def check(self, r, code=1):
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(secrets(report), [token(54)], r.stderr)
        self.assertEqual(report["stats"]["allowed"],
                         {"comment": 1, "allowlist": 1, "ignore-file": 1, "baseline": 1})

    def test_scan_staged_range_prepush_history(self):
        self.setup_repo()
        self.policy(self.fingerprints())
        base = self.commit("policy")
        for rel, text in self.files().items():
            self.write(rel, text)
        common = ["--format", "json", "--show-secrets", "--baseline", self.path("kb")]
        self.check(keysift("scan", *common, self.dir))
        self.git("add", "-A")
        self.check(keysift("git", "--staged", *common, self.dir))
        head = self.commit("secrets")
        self.check(keysift("git", "--range", f"{base}..{head}", *common, self.dir))
        push = f"refs/heads/main {head} refs/heads/main {base}\n"
        self.check(keysift("git", "--pre-push", *common, self.dir, stdin=push))
        self.check(keysift("git", *common, self.dir))

    def test_image(self):
        # No skip when umoci is missing: .ci/setup.sh installs it, and a test that skips
        # where CI runs it proves nothing (image_e2e.sh needs it too).
        fps = self.fingerprints()
        self.policy(fps)
        os.makedirs(self.path("img"))
        run = lambda *a: subprocess.run(a, cwd=self.path("img"), check=True, capture_output=True)
        run("umoci", "init", "--layout", "oci")
        run("umoci", "new", "--image", "oci:app")
        run("umoci", "unpack", "--rootless", "--image", "oci:app", "bundle")
        for rel, text in self.files().items():
            p = os.path.join(self.path("img"), "bundle", "rootfs", rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        run("umoci", "repack", "--image", "oci:app", "bundle")
        r = keysift("image", "--format", "json", "--show-secrets", "--baseline", self.path("kb"),
                    self.path("img/oci"), cwd=self.dir)
        self.check(r)

    def test_redact_honours_the_config_allowlists_only(self):
        self.write(".keysift.toml", '[[allowlists]]\nstopwords = ["fixture"]\n'
                                    '[[allowlists]]\nregexes = [\'\'\'^ghp_\'\'\']\n'
                                    'rules = ["github-pat"]\ncondition = "all"\n'
                                    'commits = ["0123456"]\n')
        text = f"log {token(55)} here\n"
        r = keysift("redact", cwd=self.dir, stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(token(55), r.stdout)
        self.write(".keysift.toml", '[[allowlists]]\nregexes = [\'\'\'^ghp_\'\'\']\n')
        r = keysift("redact", cwd=self.dir, stdin=text)
        self.assertEqual(r.stdout, text)  # the config says it is not a secret
        r = keysift("redact", cwd=self.dir, stdin=f"log {token(55)} # keysift:allow\n")
        self.assertIn(token(55), r.stdout)  # the allowlist, not the comment, lets it pass
        self.write(".keysift.toml", "")
        r = keysift("redact", cwd=self.dir, stdin=f"log {token(55)} # keysift:allow\n")
        self.assertNotIn(token(55), r.stdout)  # a log line is no source comment


class ConfigFromBase(Tmp):
    def setUp(self):
        super().setUp()
        self.git("init", "-q")
        self.write(".keysift.toml", '[[allowlists]]\nglobs = ["fixtures/**"]\n')
        self.write("README", "x\n")
        self.base = self.commit("base")

    def test_a_pr_that_allowlists_its_own_secret_still_fails(self):
        self.git("checkout", "-q", "-b", "pr")
        self.write("app.py", f"T = '{token(60)}'\n")
        self.write(".keysift.toml", '[[allowlists]]\nglobs = ["fixtures/**"]\n\n'
                                    '[[allowlists]]\nglobs = ["app.py"]\n')
        head = self.commit("add a token and allowlist it")
        r = keysift("git", "--range", f"{self.base}..{head}", "--format", "json",
                    "--show-secrets", self.dir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        report = json.loads(r.stdout)
        by_rule = {f["rule_id"]: f for f in report["findings"]}
        self.assertEqual(by_rule["github-pat"]["secret"], token(60))
        weak = by_rule["config-weakened"]
        self.assertEqual((weak["path"], weak["line"]), (".keysift.toml", 5))
        self.assertIn("allowlists on every rule the glob 'app.py'", weak["match"])
        self.assertIn("config-weakened", r.stderr + json.dumps(report))
        # The same with the pre-push hook's input.
        push = f"refs/heads/pr {head} refs/heads/main {self.base}\n"
        r = keysift("git", "--pre-push", "--format", "json", self.dir, stdin=push)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(sorted(f["rule_id"] for f in json.loads(r.stdout)["findings"]),
                         ["config-weakened", "github-pat"])
        # The work tree's policy (the PR's) would have let it pass: that is the hole closed.
        r = keysift("scan", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_a_pr_that_adds_its_fingerprint_to_the_baseline_still_fails(self):
        self.git("checkout", "-q", "-b", "pr")
        self.write("app.py", f"T = '{token(61)}'\n")
        kb = self.path("keysift.baseline")
        keysift("scan", "--baseline", kb, "--update-baseline", self.dir)
        head = self.commit("accept my own token")
        r = keysift("git", "--range", f"{self.base}..{head}", "--baseline", kb, "--format",
                    "json", self.dir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        rules = sorted(f["rule_id"] for f in json.loads(r.stdout)["findings"])
        self.assertEqual(rules, ["config-weakened", "github-pat"])

    def test_a_pr_that_exempts_test_files_from_the_gate_is_flagged(self):
        self.git("checkout", "-q", "-b", "pr")
        self.write("tests/login_test.py", f"T = '{token(63)}'\n")
        self.write(".keysift.toml", '[[allowlists]]\nglobs = ["fixtures/**"]\n\n'
                                    '[gate]\nexempt_contexts = ["test"]\n')
        head = self.commit("exempt tests from the gate")
        r = keysift("git", "--range", f"{self.base}..{head}", "--format", "json", self.dir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        report = json.loads(r.stdout)
        by_rule = {f["rule_id"]: f for f in report["findings"]}
        self.assertEqual(by_rule["github-pat"]["context"], "test")
        weak = by_rule["config-weakened"]
        self.assertEqual((weak["path"], weak["line"]), (".keysift.toml", 4))
        self.assertIn("exempt_contexts adds 'test'", weak["match"])
        # The PR's own config exempts the test file: the work tree alone would pass.
        self.assertEqual(keysift("scan", self.dir).returncode, 0)

    def test_a_tightening_change_is_not_flagged_and_history_reads_config_from(self):
        self.git("checkout", "-q", "-b", "pr")
        self.write(".keysift.toml", "")
        self.write("fixtures/t.py", f"T = '{token(62)}'\n")
        head = self.commit("drop the allowlist, add a fixture")
        r = keysift("git", "--range", f"{self.base}..{head}", "--format", "json", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)  # the base allowlists it
        r = keysift("git", "--config-from", self.base, "--format", "json", self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = keysift("git", "--format", "json", self.dir)  # HEAD's work tree: no allowlist
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)


class FingerprintStability(Tmp):
    def test_rename_reformat_and_rebase_keep_the_fingerprint(self):
        self.git("init", "-q")
        self.write("README", "x\n")
        base = self.commit("start")
        self.git("checkout", "-q", "-b", "topic")
        self.write("conf/app.env", f"TOKEN={token(70)}\n")
        head = self.commit("token")

        def prints(rng):
            r = keysift("git", "--range", rng, "--format", "json", self.dir)
            return [(f["fingerprint"], f["commit"]) for f in json.loads(r.stdout)["findings"]]

        before = prints(f"{base}..{head}")
        self.git("checkout", "-q", "main")
        self.write("other.txt", "main moves on\n")
        self.commit("main moves")
        self.git("checkout", "-q", "topic")
        self.git("rebase", "-q", "main")
        after = prints(f"main..topic")
        self.assertEqual([p for p, _ in before], [p for p, _ in after])
        self.assertNotEqual(before[0][1], after[0][1])  # another commit, the same print
        self.git("mv", "conf/app.env", "settings.yaml")
        self.write("settings.yaml", f"auth:\n  token: \"{token(70)}\"\n")
        self.commit("rename and reformat")
        r = keysift("git", "--format", "json", self.dir)
        self.assertEqual({f["fingerprint"] for f in json.loads(r.stdout)["findings"]},
                         {before[0][0]})


class HookMessage(Tmp):
    def test_a_blocked_commit_says_how_to_allow_each_finding(self):
        self.git("init", "-q")
        self.write("README", "x\n")
        self.commit("start")
        self.write("src/app.js", f"const t = '{token(80)}';\n")
        self.write("deploy.sh", f"export T={token(81)}\n")
        self.git("add", "-A")
        r = keysift("git", "--staged", self.dir)
        self.assertEqual(r.returncode, 1)
        err = r.stderr
        self.assertIn("this commit would add 2 secrets", err)
        self.assertIn("// keysift:allow github-pat -- WHY", err)
        self.assertIn("# keysift:allow github-pat -- WHY", err)
        self.assertIn("keysift git --staged --baseline keysift.baseline --update-baseline", err)
        self.assertIn('globs = ["src/app.js"]', err)
        self.assertIn("revoke it where it was issued", err)
        r = keysift("git", "--staged", "--format", "json", self.dir)
        fp = json.loads(r.stdout)["findings"][0]["fingerprint"]
        self.assertIn(fp + ' reason=WHY', err)
        # Doing what it says lets the commit through.
        self.write("src/app.js", f"const t = '{token(80)}'; // keysift:allow github-pat -- WHY\n")
        self.git("add", "-A")
        r = keysift("git", "--staged", "--baseline", self.path("keysift.baseline"),
                    "--update-baseline", self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.git("add", "-A")
        r = keysift("git", "--staged", "--baseline", self.path("keysift.baseline"), self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


GITLEAKS_CONFIG = """
title = "team gitleaks config"

[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-token"
description = "ACME internal token"
regex = '''(?i)\\b(?<tok>acme_[a-z0-9]{24})\\b'''
secretGroup = 1
entropy = 3.0
keywords = ["acme_"]
tags = ["internal"]
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''(?i)example''']

[[rules]]
id = "p12"
path = '''\\.p12$'''

[[allowlists]]
description = "vendored"
paths = ['''(^|/)vendor/''']

[[allowlists]]
targetRules = ["github-pat"]
stopwords = ["notreal"]
"""


def realistic_gitleaks_config(n):
    """A gitleaks config the size of a team's (n provider rules, a generic rule, rule and
    global allowlists), in gitleaks' own dialect: (?i), \\b, named groups, secretGroup,
    entropy, keywords, path filters."""
    out = ['title = "a team config of realistic size"\n',
           '[[rules]]\nid = "generic-api-key"\ndescription = "an assignment to a key"\n'
           r"""regex = '''(?i)(?:key|token|secret)\w*\s*[=:]\s*["']?([\w.=-]{16,80})'''"""
           '\nsecretGroup = 1\nentropy = 3.0\nkeywords = ["key", "token", "secret"]\n'
           '[[rules.allowlists]]\nstopwords = ["placeholder"]\n']
    for i in range(n):
        p = f"v{i:03d}"
        rule = [f'[[rules]]\nid = "vendor-{i:03d}-token"\ndescription = "vendor {i} token"']
        if i % 3 == 0:
            rule.append(f"regex = '''(?i)\\b(?<tok>{p}_[a-f0-9]{{32}})\\b'''\nsecretGroup = 1")
        else:
            rule.append(f"regex = '''\\b{p}_[a-f0-9]{{32}}\\b'''")
        rule.append(f'keywords = ["{p}_"]\ntags = ["vendor", "team-{i % 7}"]')
        if i % 4 == 1:
            rule.append("entropy = 3.2")
        if i % 10 == 0:
            rule.append(r"path = '''(^|/)\.env$'''")
        if i % 5 == 2:
            rule.append("[[rules.allowlists]]\nregexTarget = \"line\"\n"
                        "regexes = ['''(?i)fixture''']")
        out.append("\n".join(rule) + "\n")
    out.append("[[allowlists]]\ndescription = \"vendored\"\n"
               "paths = ['''(^|/)third_party/''']\n")
    out.append('[[allowlists]]\ntargetRules = ["vendor-001-token"]\nstopwords = ["dummy"]\n')
    return "\n".join(out)


class Gitleaks(Tmp):
    def acme(self, seed):
        return "acme_" + hashlib.sha256(str(seed).encode()).hexdigest()[:24]

    def vtoken(self, i, seed):
        return f"v{i:03d}_" + hashlib.sha256(f"{i}-{seed}".encode()).hexdigest()[:32]

    def test_a_gitleaks_config_of_realistic_size(self):
        cfg = self.write("gl.toml", realistic_gitleaks_config(150))
        r = keysift("config", "check", cfg)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("ok (gitleaks format): 151 rules in use", r.stdout)
        self.write("a.py", f"api_token = '{self.vtoken(7, 1)}'\n"  # specific beats generic
                           f"x = {self.vtoken(10, 2)}\n"  # rule 10 is for .env files only
                           f"y = {self.vtoken(12, 3)}  # fixture\n"  # its rule's allowlist
                           f"z = {self.vtoken(3, 4)}\n")  # a named group, secretGroup
        self.write(".env", f"T={self.vtoken(10, 2)}\n")
        self.write("third_party/b.py", f"q = {self.vtoken(8, 5)}\n")
        self.write("c.cfg", "secret_key = a1B2c3D4e5F6g7H8\n"
                            f"secret_key = placeholder{'x1y2' * 4}\n")
        r = keysift("scan", "--config", cfg, "--format", "json", "--show-secrets", self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        found = sorted((os.path.basename(f["path"]), f["line"], f["rule_id"], f["secret"])
                       for f in json.loads(r.stdout)["findings"])
        self.assertEqual(found, sorted([
            ("a.py", 1, "vendor-007-token", self.vtoken(7, 1)),
            ("a.py", 4, "vendor-003-token", self.vtoken(3, 4)),
            (".env", 1, "vendor-010-token", self.vtoken(10, 2)),
            ("c.cfg", 1, "generic-api-key", "a1B2c3D4e5F6g7H8"),
        ]))

    def test_a_gitleaks_config_is_recognised_and_applied(self):
        cfg = self.write(".gitleaks.toml", GITLEAKS_CONFIG)
        self.write("a.py", f"K = '{self.acme(1)}'\n")
        self.write("b.py", f"K = '{self.acme(2)}'  # example\n")
        self.write("vendor/c.py", f"K = '{self.acme(3)}'\n")
        self.write("d.py", f"G = '{token(90)}'\n")
        r = keysift("scan", "--config", cfg, "--format", "json", "--show-secrets", self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(sorted((f["rule_id"], f["secret"]) for f in report["findings"]),
                         sorted([("acme-token", self.acme(1)), ("github-pat", token(90))]))
        self.assertIn("rule 'p12' matches a path only", r.stderr)
        self.assertIn("gitleaks field", keysift("config", "check", self.write(
            "x.toml", GITLEAKS_CONFIG.replace("tags =", "validate = true\ntags =")), cwd=self.dir).stderr)
        r = keysift("config", "check", cfg)
        self.assertIn("ok (gitleaks format)", r.stdout)
        self.assertIn("disables rule generic-credential-assignment", r.stdout)

    def test_a_regex_no_engine_runs_is_an_error_naming_the_rule(self):
        cfg = self.write("bad.toml", "[[rules]]\nid = \"look\"\nregex = '''(?=ahead)x'''\n")
        r = keysift("scan", "--config", cfg, self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("rule 'look'", r.stderr)

    def test_gitleaks_default_config(self):
        path = os.environ.get("KEYSIFT_GITLEAKS_DEFAULT_CONFIG", "")
        if not path or not os.path.exists(path):
            self.skipTest("KEYSIFT_GITLEAKS_DEFAULT_CONFIG not set (gitleaks' own config is "
                          "third-party data, fetched only on a developer's machine)")
        r = keysift("config", "check", path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("ok (gitleaks format)", r.stdout)

    def test_migrate_gitleaks(self):
        self.git("init", "-q")
        self.write(".gitleaks.toml", GITLEAKS_CONFIG)
        self.write("a.py", f"one\nK = '{self.acme(5)}'\n")
        self.write("b.py", f"G = '{token(91)}'\n")
        first = self.commit("secrets")
        self.write("c.py", f"H = '{token(92)}'\n")
        self.commit("more")
        self.write(".gitleaksignore", f"a.py:acme-token:2\n{first}:b.py:github-pat:1\n"
                                      "c.py:pkcs12-file:1\n")
        r = keysift("migrate", "gitleaks", "--write", self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("c.py:pkcs12-file:1: keysift finds nothing on that line: not carried over",
                      r.stderr)
        r = keysift("config", "check", self.path(".keysift.toml"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("keysift format", r.stdout)
        os.remove(self.path(".gitleaksignore"))
        os.remove(self.path(".gitleaks.toml"))
        # The migrated config and baseline accept what gitleaks' ignore file did, by content.
        self.write("moved/b2.py", f"\n\nG = '{token(91)}'\n")
        report, _ = self.scan(code=1)
        self.assertEqual(secrets(report), [token(92)])
        # a.py's and b.py's secrets, and b.py's moved copy: one entry covers both copies.
        self.assertEqual(report["stats"]["allowed"]["baseline"], 3)


class Hostile(Tmp):
    def test_hostile_configs_and_baselines_fail_cleanly(self):
        self.write("t.txt", "nothing\n")
        cases = {
            "nested.toml": "a = " + "[" * 5000 + "]" * 5000 + "\n",
            "nul.toml": "title = \"a\0b\"\n",
            "binary.toml": bytes(range(256)) * 8,
            "deep-extend.toml": "[extend]\npath = \"deep-extend.toml\"\n",
            "huge-regex.toml": "[[allowlists]]\nregexes = ['''" + "(a" * 3000 + ")" * 3000 + "''']\n",
        }
        for name, text in cases.items():
            cfg = self.write(name, text)
            r = keysift("scan", "--config", cfg, self.path("t.txt"))
            self.assertIn(r.returncode, (0, 2), name + r.stderr)
            self.assertNotIn("Traceback", r.stderr)
            if r.returncode == 2:
                self.assertTrue(r.stderr.startswith("keysift: error:"), name + r.stderr)
        big = self.write("big.baseline", ("#" * 1000 + "\n") * 40000)  # 40 MB of comments
        r = keysift("scan", "--baseline", big, self.path("t.txt"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("more than", r.stderr)
        bad = self.write("bad.baseline", "github-pat@" + "0" * 32 + ' reason="' + "x" * 9000 + '"\n')
        r = keysift("scan", "--baseline", bad, self.path("t.txt"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(":1:1: line longer than 8192 bytes", r.stderr)


def main():
    global KEYSIFT, SOURCE
    KEYSIFT = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    return run_in_own_git_home("policy")


if __name__ == "__main__":
    sys.exit(main())
