#!/usr/bin/env python3
"""Recall of a keysift binary on the generated layout cases of tests/layouts_test.cpp.

Usage: bench/layouts_recall.py KEYSIFT DIR
DIR holds the cases written by `KEYSIFT_LAYOUTS_DUMP=DIR build/dev/tests/layouts_test`:
found/N/PATH (a credential in a common layout; found when a finding in that case has the
expected secret, DIR/found/N.secret) and quiet/N/PATH (the same names given code, not a
literal: flagged when anything is reported). Any binary can be scored on the same cases,
so the figure compares releases.
"""
import collections
import json
import os
import subprocess
import sys


def main():
    ks, root = sys.argv[1], os.path.abspath(sys.argv[2])
    res = subprocess.run([ks, "scan", "--format", "json", "--show-secrets", root],
                         capture_output=True, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"keysift failed ({res.returncode}): {res.stderr[-2000:]}")
    by_case = collections.defaultdict(set)
    for f in json.loads(res.stdout)["findings"]:
        kind, n = os.path.relpath(f["path"], root).split(os.sep)[:2]
        by_case[(kind, n)].add(f["secret"])
    found = [n for n in os.listdir(os.path.join(root, "found")) if n.isdigit()]
    quiet = [n for n in os.listdir(os.path.join(root, "quiet")) if n.isdigit()]
    hits, misses = 0, collections.Counter()
    for n in found:
        want = open(os.path.join(root, "found", n + ".secret")).read()
        if want in by_case[("found", n)]:
            hits += 1
        else:
            sub = os.path.join(root, "found", n)
            path = next(os.path.join(d, f) for d, _, fs in os.walk(sub) for f in fs)
            misses[os.path.basename(path)] += 1
    flagged = sum(1 for n in quiet if by_case[("quiet", n)])
    print(f"layouts found: {hits}/{len(found)} ({100 * hits / max(len(found), 1):.1f}%)")
    print(f"code values reported (should be 0): {flagged}/{len(quiet)}")
    print("misses by file name: " + ", ".join(f"{p} {c}" for p, c in misses.most_common(30)))


if __name__ == "__main__":
    main()
