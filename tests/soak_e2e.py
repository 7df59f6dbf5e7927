#!/usr/bin/env python3
"""Soak, as processes (issue 12, item 7): `keysift scan` run 200 times on the same input,
with a project config (its own rule beside the built-in pack, so its compiled database
comes from the disk cache) and a report written with -o, each run through peak_rss
(tests/peak_rss.cpp) for its own peak RSS.

Every run must find the same findings and exit 1. What could grow from one process to
the next is what outlives a process, so that is what is checked:
  * peak RSS: the median of runs 6-25 against the median of the last 20, at most 4 MiB
    (under ASan the runs start with the sanitizer's own allocations, as steady as ours)
    apart (measured: the same to within a few hundred KiB). A process that read a cache or
    a spool growing with every run would drift by far more over 175 runs;
  * the database cache: after the first run (which compiles and writes it), the same
    files with the same sizes;
  * temporary files: TMPDIR (an empty directory of its own) stays empty; the report's
    directory holds the report and nothing else (it is written to a temporary file and
    renamed);
  * this process's file descriptors: as many after the 200 runs as before.
File descriptors inside one run are checked by the in-process soak (tests/soak_test.cpp),
which drives the same code 50 times and counts /proc/self/fd.

Usage: soak_e2e.py KEYSIFT PEAK_RSS [RUNS]   (run by ctest, label soak; RUNS 200, 50 under
ASan)
"""
import gzip
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
RSS_DRIFT_KIB = 4 * 1024

CONFIG = """
[[rules]]
id = "soak-internal-key"
description = "a project's own key format (synthetic)"
regex = '''\\b(?P<secret>soakk_[a-z0-9]{24})\\b'''
keywords = ["soakk_"]
examples = ["soakk_0123456789abcdefghijklmn"]
"""


def token(seed):
    """A synthetic GitHub-style token with the CRC32 check keysift verifies."""
    digest = hashlib.sha256(f"keysift-soak-{seed}".encode()).digest()
    body = "".join(B62[b % 62] for b in digest[:30])
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


def build(tree):
    os.makedirs(os.path.join(tree, "src"))
    line = b"the quick brown fox jumps over the lazy dog, again and again\n"
    for i in range(60):
        with open(os.path.join(tree, "src", f"f{i}.txt"), "wb") as f:
            f.write(line * 250)
            if i % 6 == 0:
                f.write(f'token = "{token(i)}"\n'.encode())
            if i % 15 == 0:
                f.write(f"internal = soakk_{hashlib.sha256(str(i).encode()).hexdigest()[:24]}\n"
                        .encode())
    with open(os.path.join(tree, "big.log"), "wb") as f:  # streamed (threshold 1 MiB)
        f.write(line * 40000 + f'late = "{token("big")}"\n'.encode())
    with gzip.open(os.path.join(tree, "old.log.gz"), "wb") as f:
        f.write(line * 20000 + f'gz = "{token("gz")}"\n'.encode())
    with open(os.path.join(tree, ".keysift.toml"), "w") as f:
        f.write(CONFIG)


def listing(d):
    """Every file under d with its size."""
    out = {}
    for dirpath, _, files in os.walk(d):
        for name in files:
            p = os.path.join(dirpath, name)
            out[os.path.relpath(p, d)] = os.path.getsize(p)
    return out


def main():
    keysift, peak_rss = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    root = tempfile.mkdtemp(prefix="keysift-soak-")
    failures = []
    try:
        tree, out_dir, tmp, cache = (os.path.join(root, d) for d in
                                     ("tree", "out", "tmp", "cache"))
        for d in (out_dir, tmp, cache):
            os.makedirs(d)
        build(tree)
        env = dict(os.environ, TMPDIR=tmp, KEYSIFT_CACHE_DIR=cache, HOME=root,
                   XDG_CACHE_HOME=os.path.join(root, "xdg"))
        report = os.path.join(out_dir, "report.json")
        peak_file = os.path.join(root, "peak")
        fds_before = len(os.listdir("/proc/self/fd"))
        peaks, first, cache_after_first = [], None, None
        start = time.monotonic()
        for run in range(1, runs + 1):
            r = subprocess.run([peak_rss, peak_file, keysift, "scan", ".", "--format", "json",
                                "--show-secrets", "--stream-threshold", "1", "-o", report],
                               cwd=tree, env=env, capture_output=True, timeout=300)
            if r.returncode != 1:
                failures.append(f"run {run}: exit {r.returncode}: {r.stderr[-2000:]!r}")
                break
            with open(peak_file) as f:
                peaks.append(int(f.read()))
            with open(report) as f:
                found = sorted((x["path"], x["line"], x["rule_id"], x["secret"])
                               for x in json.load(f)["findings"])
            if first is None:
                first = found
                cache_after_first = listing(cache)
            elif found != first:
                failures.append(f"run {run}: findings differ from the first run's")
                break
            if os.listdir(tmp):
                failures.append(f"run {run}: left in TMPDIR: {os.listdir(tmp)}")
                break
            if os.listdir(out_dir) != ["report.json"]:
                failures.append(f"run {run}: beside the report: {os.listdir(out_dir)}")
                break
            if listing(cache) != cache_after_first:
                failures.append(f"run {run}: the database cache changed: {listing(cache)} "
                                f"after {cache_after_first}")
                break
        seconds = time.monotonic() - start
        fds_after = len(os.listdir("/proc/self/fd"))
        if not failures:
            # ghp_ tokens in src/, soakk_ keys there, big.log and old.log.gz, and the rule's
            # own example in .keysift.toml (a file of the tree like any other)
            expected = 10 + 4 + 2 + 1
            if len(first) != expected:
                failures.append(f"{len(first)} findings, expected {expected}: {first}")
            early = statistics.median(peaks[5:25])
            late = statistics.median(peaks[-20:])
            print(f"soak: {runs} processes in {seconds:.1f} s; peak RSS median {early} KiB "
                  f"(runs 6-25) -> {late} KiB (last 20); min {min(peaks)}, max {max(peaks)}; "
                  f"cache {sum(cache_after_first.values())} B in {len(cache_after_first)} "
                  f"files; fds {fds_before} -> {fds_after}")
            if late - early > RSS_DRIFT_KIB:
                failures.append(f"peak RSS grew from {early} to {late} KiB")
            if fds_after != fds_before:
                failures.append(f"file descriptors: {fds_before} before, {fds_after} after")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
