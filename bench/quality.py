#!/usr/bin/env python3
"""Detection quality of the built-in pack, written to bench/results/quality-DATE.md:
recall and false positives on Nosey Parker's rule examples, findings per file on
detect-secrets' test data, and findings per 100 MB on real text that holds no
credentials (C/C++ headers, the Python standard library), each one listed for review.

Usage: bench/quality.py [KEYSIFT] [SHARED_DIR]
"""
import collections
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def scan(ks, path):
    out = subprocess.run([ks, "scan", "--format", "json", "--show-secrets", path],
                         capture_output=True)
    return json.loads(out.stdout)


def main():
    ks = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build/release/cli/keysift")
    shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "shared")
    version = subprocess.run([ks, "--version"], capture_output=True, text=True).stdout.split()[-1]
    nrules = subprocess.run([ks, "rules", "list"], capture_output=True, text=True).stdout.splitlines()[-1]
    lines = [f"# keysift detection quality ({datetime.datetime.utcnow():%Y-%m-%dT%H:%MZ})", "",
             f"keysift {version}, {nrules}. Command: `bench/quality.py {ks}`", "",
             "## Nosey Parker rule examples (each example scanned as its own file)", "", "```"]
    np = subprocess.run([sys.executable, os.path.join(HERE, "np_recall.py"), ks,
                         os.path.join(shared, "corpus-external", "noseyparker-examples.jsonl")],
                        capture_output=True, text=True)
    lines += np.stdout.splitlines() + ["```", "", "## detect-secrets test data: findings per file", "", "```"]
    ds = os.path.join(shared, "corpus-external", "detect-secrets-test-data")
    r = scan(ks, ds)
    by = collections.defaultdict(list)
    for f in r["findings"]:
        by[os.path.relpath(f["path"], ds)].append(f"{f['line']}:{f['rule_id']}:{f['secret'][:24]}")
    for p in sorted(by):
        lines.append(f"{p}: {len(by[p])}  " + "  ".join(by[p]))
    lines += [f"{len(r['findings'])} findings in {len(by)} of {r['stats']['files_scanned']} files",
              "```", "", "## Findings on text without credentials", "",
              "| tree | files | MB | findings | per 100 MB |", "| --- | ---: | ---: | ---: | ---: |"]
    review = []
    for tree in ("/usr/include", "/usr/lib/python3.11"):
        r = scan(ks, tree)
        s = r["stats"]
        mb = s["bytes_scanned"] / 1e6
        n = len(r["findings"])
        lines.append(f"| {tree} | {s['files_scanned']} | {mb:.1f} | {n} | {n * 100 / mb:.2f} |")
        review += [f"{f['rule_id']} {f['path']}:{f['line']} {f['secret'][:50]!r}" for f in r["findings"]]
    lines += ["", "Every finding above, for review:", "", "```"] + review + ["```", ""]
    text = "\n".join(lines)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", f"quality-{datetime.date.today()}.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
