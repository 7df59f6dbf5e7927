#!/usr/bin/env python3
"""Stopping keysift from outside: SIGINT or SIGTERM in the middle of a scan ends it
promptly with the incomplete-scan exit code (3; 1 if it had found secrets) and a report
that says it is incomplete, never a clean-looking one, even with --allow-partial. A reader
of the report that goes away (`| head -1`) ends the run quietly, by SIGPIPE, whether
keysift's parent left SIGPIPE at its default or ignored it.

The scan is held in the middle without sleeping: its input includes a FIFO that the test
opens for writing and never writes to, so keysift is known to be reading it (the open
returned) and cannot finish before the signal.

Usage: signals_e2e.py KEYSIFT_BINARY   (run by ctest)
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

from ghp_token import B62, with_checksum

KEYSIFT = ""


def token(seed):
    """A synthetic GitHub-style token: 30 base62 characters and their base62 CRC32."""
    digest = hashlib.sha256(f"keysift-signals-e2e-{seed}".encode()).digest()
    return with_checksum("".join(B62[b % 62] for b in digest[:30]))


def feed(pipe, data):
    """Writes `data` to `pipe` and closes it; a reader that has gone is not an error."""
    try:
        pipe.write(data)
        pipe.close()
    except BrokenPipeError:
        pass


class Stopping(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="keysift-signals-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def interrupted_scan(self, sig, paths, extra=()):
        """Starts `keysift scan PATHS... FIFO`, waits until it reads the FIFO, sends `sig`;
        returns (exit code, stdout, stderr)."""
        fifo = self.path("held.fifo")
        os.mkfifo(fifo)
        proc = subprocess.Popen([KEYSIFT, "scan", *paths, fifo, "-j", "1", *extra],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.tmp)
        writer = os.open(fifo, os.O_WRONLY)  # returns once keysift has opened it to read
        try:
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=60)
        finally:
            os.close(writer)
            if proc.poll() is None:
                proc.kill()
        return proc.returncode, out.decode(), err.decode()

    def test_sigint_mid_scan_exits_3_with_an_incomplete_report(self):
        with open(self.path("clean.txt"), "w") as f:
            f.write("nothing to see\n")
        code, out, err = self.interrupted_scan(signal.SIGINT, ["clean.txt"], ["-f", "json"])
        self.assertEqual(code, 3, err)
        report = json.loads(out)
        self.assertEqual(report["findings"], [])
        self.assertIn("interrupted", [e["kind"] for e in report["errors"]])
        self.assertEqual(report["stats"]["status"], "incomplete")
        self.assertIn("SIGINT: the scan was stopped", err)

    def test_allow_partial_never_accepts_an_interrupted_scan(self):
        with open(self.path("clean.txt"), "w") as f:
            f.write("nothing to see\n")
        code, out, err = self.interrupted_scan(signal.SIGINT, ["clean.txt"],
                                               ["-f", "json", "--allow-partial"])
        self.assertEqual(code, 3, err)
        self.assertEqual(json.loads(out)["stats"]["status"], "incomplete")

    def test_sigterm_with_findings_exits_1_and_says_incomplete(self):
        with open(self.path("secret.txt"), "w") as f:
            f.write(f"token = {token(1)}\n")
        code, out, err = self.interrupted_scan(signal.SIGTERM, ["secret.txt"],
                                               ["-f", "sarif", "-o", "report.sarif"])
        self.assertEqual(code, 1, err)
        with open(self.path("report.sarif")) as f:
            run = json.load(f)["runs"][0]
        self.assertEqual(len(run["results"]), 1)
        self.assertFalse(run["invocations"][0]["executionSuccessful"])
        self.assertEqual(os.stat(self.path("report.sarif")).st_mode & 0o777, 0o600)
        self.assertEqual([n for n in os.listdir(self.tmp) if ".keysift-" in n], [])

    def test_a_reader_that_goes_away_ends_the_run_quietly(self):
        os.mkdir(self.path("many"))
        for i in range(200):  # a report far larger than a pipe's 64 KiB
            with open(self.path(f"many/f{i}.txt"), "w") as f:
                f.writelines(f"token = {token(f'{i}-{j}')}\n" for j in range(10))
        for fmt in ("text", "jsonl", "sarif"):
            for parent_ignores in (False, True):
                with self.subTest(fmt=fmt, parent_ignores_sigpipe=parent_ignores):
                    # restore_signals=False: keysift inherits Python's SIG_IGN.
                    proc = subprocess.Popen([KEYSIFT, "scan", "many", "-f", fmt],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            cwd=self.tmp, restore_signals=not parent_ignores)
                    self.assertTrue(proc.stdout.readline())
                    proc.stdout.close()  # `| head -1`
                    err = proc.stderr.read()
                    proc.wait(timeout=120)
                    proc.stderr.close()
                    self.assertEqual(err.decode(), "")
                    self.assertEqual(proc.returncode, -signal.SIGPIPE)

    def test_redact_ends_quietly_with_status_0_when_its_reader_goes_away(self):
        log = "".join(f"step {i}: token = {token(i)}\n" for i in range(5000))
        for parent_ignores in (False, True):
            with self.subTest(parent_ignores_sigpipe=parent_ignores):
                proc = subprocess.Popen([KEYSIFT, "redact"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        cwd=self.tmp, restore_signals=not parent_ignores)
                writer = threading.Thread(target=feed, args=(proc.stdin, log.encode()))
                writer.start()
                self.assertIn(b"REDACTED", proc.stdout.readline())
                proc.stdout.close()
                err = proc.stderr.read()
                proc.wait(timeout=120)
                writer.join()
                proc.stderr.close()
                self.assertEqual(err.decode(), "")
                self.assertEqual(proc.returncode, 0)


if __name__ == "__main__":
    KEYSIFT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
