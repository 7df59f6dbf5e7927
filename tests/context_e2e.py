#!/usr/bin/env python3
"""End-to-end tests of a finding's context (test, docs, example): it is reported in every
format, and `--exempt-context` / `[gate] exempt_contexts` leave such findings out of the
exit code without dropping them.

Usage: context_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

KEYSIFT = ""
SOURCE = ""


def token(seed):
    """A synthetic GitHub-style token with a valid checksum; never a real credential."""
    return subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "ghp_token.py"), str(seed)],
                          capture_output=True, text=True, check=True).stdout.strip()


def run(args, cwd=None):
    return subprocess.run([KEYSIFT] + args, capture_output=True, cwd=cwd, timeout=300)


class Context(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="keysift-context-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def layout(self):
        self.write("src/app.env", f"GITHUB_TOKEN={token(11)}\n")
        self.write("tests/fixtures/app.env", f"GITHUB_TOKEN={token(12)}\n")
        self.write("docs/setup.md", f"export GITHUB_TOKEN={token(13)}\n")
        self.write("examples/demo.env", f"GITHUB_TOKEN={token(14)}\n")

    def contexts(self, report):
        return {os.path.relpath(f["path"], self.dir): f.get("context") for f in report["findings"]}

    def test_json_carries_the_context_of_each_finding(self):
        self.layout()
        r = run(["scan", "--format", "json", self.dir])
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertEqual(self.contexts(json.loads(r.stdout)), {
            "src/app.env": None, "tests/fixtures/app.env": "test",
            "docs/setup.md": "docs", "examples/demo.env": "example"})

    def test_sarif_and_text_show_it(self):
        self.layout()
        sarif = json.loads(run(["scan", "--format", "sarif", self.dir]).stdout)
        props = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[-2]:
                 r.get("properties", {}).get("context") for r in sarif["runs"][0]["results"]}
        self.assertEqual(props["fixtures"], "test")
        self.assertEqual(props["docs"], "docs")
        self.assertIsNone(props["src"])
        text = run(["scan", "--color", "never", os.path.join(self.dir, "tests")]).stdout.decode()
        self.assertIn("context: test", text)

    def test_exempt_contexts_report_but_do_not_fail(self):
        self.layout()
        shutil.rmtree(os.path.join(self.dir, "src"))
        r = run(["scan", "--format", "json", "--exempt-context", "test,docs,example", self.dir])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(len(json.loads(r.stdout)["findings"]), 3)
        # One context left out of the exemption still fails the run.
        r = run(["scan", "--format", "json", "--exempt-context", "test,docs", self.dir])
        self.assertEqual(r.returncode, 1)

    def test_a_finding_outside_the_exempt_contexts_still_fails(self):
        self.layout()
        r = run(["scan", "--exempt-context", "test,docs,example", self.dir])
        self.assertEqual(r.returncode, 1)

    def test_config_key_sets_the_exemption_and_the_flag_overrides_it(self):
        self.layout()
        shutil.rmtree(os.path.join(self.dir, "src"))
        self.write(".keysift.toml", '[gate]\nexempt_contexts = ["test", "docs", "example"]\n')
        self.assertEqual(run(["scan", self.dir]).returncode, 0)
        self.assertEqual(run(["scan", "--exempt-context", "test", self.dir]).returncode, 1)

    def test_message_catalogs_hold_labels_not_credentials(self):
        # The translation of "password" in a locale file is a label; the same line in an
        # application's config is a password.
        line = '{"password": "Lozinka-Tajna7"}\n'
        for rel in ("locales/hr.json", "i18n/hr.json", "po/hr.po", "config/app.json"):
            self.write(rel, line)
        r = run(["scan", "--format", "json", self.dir])
        self.assertEqual(r.returncode, 1, r.stderr.decode())
        self.assertEqual(set(self.contexts(json.loads(r.stdout))), {"config/app.json"})

    def test_a_history_audit_judges_each_blob_by_its_path_as_a_scan_does(self):
        # A history blob is scanned before the walk knows its path: the context and the
        # value's language must still be the path's (code values in a .c file are not
        # literals; the same line in a .env file is one).
        self.layout()
        self.write("src/lexer.c", "int f(void) {\n  token = tkA9x2Lq7mZ4wP8vR3nB;\n}\n")
        self.write("deploy/app.env", "token = tkA9x2Lq7mZ4wP8vR3nB\n")
        self.write("bin/tool", "#!/usr/bin/env python3\ntoken = tkA9x2Lq7mZ4wP8vR3nB\n")
        git = ["git", "-C", self.dir, "-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run(["git", "init", "-q", self.dir], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-q", "-m", "tree"], check=True)
        # Packed, as every real history is: loose blobs are scanned with their paths.
        subprocess.run(git + ["gc", "-q"], check=True)
        scan = json.loads(run(["scan", "--format", "json", self.dir]).stdout)
        history = json.loads(run(["git", "--format", "json", "--no-progress", self.dir]).stdout)
        expected = {"src/app.env": None, "tests/fixtures/app.env": "test",
                    "docs/setup.md": "docs", "examples/demo.env": "example",
                    "deploy/app.env": None}
        self.assertEqual(self.contexts(scan), expected)
        self.assertEqual({f["path"]: f.get("context") for f in history["findings"]}, expected)

    def test_bad_values_are_errors(self):
        self.write("x.txt", "nothing\n")
        r = run(["scan", "--exempt-context", "vendor", self.dir])
        self.assertEqual(r.returncode, 2)
        self.write(".keysift.toml", '[gate]\nexempt_contexts = ["vendor"]\n')
        r = run(["scan", self.dir])
        self.assertEqual(r.returncode, 2)
        self.assertIn("exempt_contexts", r.stderr.decode())


if __name__ == "__main__":
    KEYSIFT = os.path.abspath(sys.argv.pop(1))
    SOURCE = os.path.abspath(sys.argv.pop(1))
    unittest.main()
