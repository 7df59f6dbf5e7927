#!/usr/bin/env python3
"""The progress line (issue 16): keysift run with its stderr on a real pseudo-terminal
draws progress there (a directory scan, a history audit, a range, an image), redrawn in
place and erased at the end; with stderr on a pipe, with --no-progress, with CI set or on
a dumb terminal it writes nothing. The reports carry the scan's timing.

The directory scan is held in the middle without sleeping: its last input is a FIFO the
test opens for writing only once the progress line shows every other file done, so the
line is known to have been redrawn mid-run with real counts.

Usage: progress_e2e.py KEYSIFT_BINARY   (run by ctest)
"""
import datetime
import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import tar_bytes  # noqa: E402

KEYSIFT = ""
CLEAR = b"\r\x1b[K"


def quiet_env(**extra):
    """The environment of a person at a terminal: no CI variable, a capable TERM."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["TERM"] = "xterm"
    env.update(extra)
    return env


def on_tty(args, env=None, until=None, then=None, timeout=120):
    """Runs keysift with stderr on a new pseudo-terminal (200 columns) and stdout on a
    pipe. Once the terminal's output matches the regex `until`, calls `then()`. Returns
    (exit code, everything written to the terminal, stdout)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
    proc = subprocess.Popen([KEYSIFT, *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave,
                            env=env if env is not None else quiet_env())
    os.close(slave)
    stdout = []
    reader = threading.Thread(target=lambda: stdout.append(proc.stdout.read()))
    reader.start()
    seen = bytearray()
    fired = until is None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: keysift and every copy of the terminal are gone
                break
            if not data:
                break
            seen += data
            if not fired and re.search(until, bytes(seen)):
                fired = True
                then()
        else:
            proc.kill()
            raise AssertionError(f"keysift {args} did not finish; terminal: {bytes(seen)!r}")
    finally:
        os.close(master)
    code = proc.wait(timeout=60)
    reader.join()
    proc.stdout.close()
    if not fired:
        raise AssertionError(f"never saw {until!r} on the terminal: {bytes(seen)!r}")
    return code, bytes(seen), stdout[0]


def parse_utc(text):
    """An RFC 3339 UTC time as keysift writes it: 2026-12-07T18:40:00.123Z."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", text):
        raise AssertionError(f"not a UTC time with milliseconds: {text!r}")
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


class Progress(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="keysift-progress-")
        self.dir = os.path.join(self.tmp, "tree")
        for i in range(20):
            self.write(f"tree/d{i % 3}/f{i}.txt", f"line {i}\n" * (50 + i))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.tmp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def git(self, repo, *args):
        subprocess.run(["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com",
                        *args], check=True, capture_output=True)

    def repo(self):
        repo = os.path.join(self.tmp, "repo")
        os.makedirs(repo)
        self.git(repo, "init", "-q")
        for i in range(6):
            self.write(f"repo/src/m{i}.txt", f"version {i}\n" * 40)
            self.git(repo, "add", ".")
            self.git(repo, "commit", "-qm", f"change {i}")
        return repo

    def assert_line_discipline(self, term):
        """Drawn in place: no newline, every draw starts with a carriage return and erases
        the rest of the line; the line is erased before any other message (a history's
        summary) and at the end. Messages written before the scan starts (a range's
        commit count) come whole, before the first draw."""
        drawn, cleared, after = term.rpartition(CLEAR)
        self.assertEqual(cleared, CLEAR, term)
        while drawn.startswith(b"keysift: "):
            drawn = drawn.split(b"\r\n", 1)[1]
        self.assertTrue(drawn.startswith(b"\r"), drawn)
        self.assertNotIn(b"\n", drawn)
        for draw in drawn.split(b"\r")[1:]:
            self.assertTrue(draw.endswith(b"\x1b[K"), draw)
        self.assertNotIn(b"\x1b", after)
        self.assertTrue(after == b"" or after.startswith(b"keysift: "), after)

    def test_directory_scan_redraws_counts_mid_run(self):
        fifo = os.path.join(self.tmp, "held.fifo")
        os.mkfifo(fifo)

        def release():
            with open(fifo, "w") as f:  # keysift is blocked opening it: now it reads
                f.write("the last input\n")

        code, term, out = on_tty(["scan", "-j", "1", "--format", "json", self.dir, fifo],
                                 until=rb"scanning 20/21 files, [0-9.]+ KiB, [^,]+/s, ETA \d",
                                 then=release)
        self.assertEqual(code, 0, term)
        self.assert_line_discipline(term)
        # The first draw, before any file: the source is still listing.
        self.assertIn(b"scanning 0 files (", term)
        self.assertEqual(json.loads(out)["stats"]["files_scanned"], 21)

    def test_history_audit_and_range_draw_on_the_terminal(self):
        repo = self.repo()
        code, term, _ = on_tty(["git", repo])
        self.assertEqual(code, 0, term)
        self.assertRegex(term, rb"\rhistory: (selecting commits|\d+/6 commits walked), "
                               rb"\d+ blobs, ")
        self.assert_line_discipline(term)
        code, term, _ = on_tty(["git", "--range", "HEAD~4..HEAD", repo])
        self.assertEqual(code, 0, term)
        self.assertRegex(term, rb"\rrange: \d/4 commits, \d+ files, ")
        self.assert_line_discipline(term)

    def test_image_scan_draws_layers(self):
        layer = tar_bytes([("etc/app.conf", b"nothing secret\n")])
        manifest = json.dumps([{"Config": "config.json", "RepoTags": ["p:1"],
                                "Layers": ["layer.tar"]}])
        config = json.dumps({"architecture": "amd64", "os": "linux"})
        archive = os.path.join(self.tmp, "image.tar")
        with open(archive, "wb") as f:
            f.write(tar_bytes([("manifest.json", manifest.encode()),
                               ("config.json", config.encode()), ("layer.tar", layer)]))
        code, term, _ = on_tty(["image", archive])
        self.assertEqual(code, 0, term)
        self.assertRegex(term, rb"\rimage: \d+(/1)? layers, \d+ files, ")
        self.assert_line_discipline(term)

    def test_nothing_without_a_terminal_or_when_told(self):
        # stderr on a pipe
        r = subprocess.run([KEYSIFT, "scan", self.dir], capture_output=True, env=quiet_env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b"")
        # a terminal, but --no-progress, CI set, or a terminal that cannot redraw
        for args, env in ((["--no-progress"], quiet_env()),
                          ([], quiet_env(CI="true")),
                          ([], quiet_env(TERM="dumb"))):
            with self.subTest(args=args, ci=env.get("CI"), term=env["TERM"]):
                code, term, _ = on_tty(["scan", *args, self.dir], env=env)
                self.assertEqual(code, 0, term)
                self.assertEqual(term, b"")
        # CI=false is a person's terminal again
        code, term, _ = on_tty(["scan", self.dir], env=quiet_env(CI="false"))
        self.assertIn(b"scanning ", term)
        # a pre-commit check takes milliseconds: no line
        repo = self.repo()
        self.write("repo/new.txt", "staged\n")
        self.git(repo, "add", "new.txt")
        code, term, _ = on_tty(["git", "--staged", repo])
        self.assertEqual(code, 0, term)
        self.assertEqual(term, b"")

    def test_reports_carry_the_scan_timing(self):
        before = time.time()
        r = subprocess.run([KEYSIFT, "scan", "--format", "json", self.dir],
                           capture_output=True, env=quiet_env())
        after = time.time()
        self.assertEqual(r.returncode, 0, r.stderr)
        stats = json.loads(r.stdout)["stats"]
        started, ended = parse_utc(stats["started"]), parse_utc(stats["ended"])
        self.assertLessEqual(before - 0.001, started)  # milliseconds are truncated
        self.assertLessEqual(started, ended)
        self.assertLessEqual(ended, after)
        # The scan's own clock and the wall clock agree on its length (to a few ms).
        self.assertAlmostEqual(ended - started, stats["seconds"], delta=0.05)
        self.assertGreaterEqual(stats["cpu_seconds"], 0)
        self.assertLessEqual(stats["cpu_seconds"], (ended - started + 0.05) * (os.cpu_count() + 2))
        r = subprocess.run([KEYSIFT, "scan", "--format", "sarif", self.dir],
                           capture_output=True, env=quiet_env())
        run = json.loads(r.stdout)["runs"][0]
        invocation = run["invocations"][0]
        coverage = run["properties"]["coverage"]
        self.assertEqual(invocation["startTimeUtc"], coverage["started"])
        self.assertEqual(invocation["endTimeUtc"], coverage["ended"])
        parse_utc(invocation["startTimeUtc"])


if __name__ == "__main__":
    KEYSIFT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
