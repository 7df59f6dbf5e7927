#!/usr/bin/env python3
"""Smoke test of the benchmark suite (bench/suite.py, issue 16): the whole suite at
`--scale small` (tiny generated inputs, seconds), then checks that

  - the report has every row, each with its figures: the floor, keysift with 1 and 2
    threads for each input (tree, repository, image, log), `keysift redact` on the log, and
    gitleaks in its directory, git and stdin modes when its binary is there (else the
    report says it was skipped); no row failed, no row is missing, none is extra;
  - every keysift row found something and its scan was complete (the generated inputs
    hold seeded secrets);
  - the 1 -> 2 thread table has a line for each keysift job;
  - the report names the machine, its load, the date and the keysift commit;
  - generation is reproducible: the same seed in another directory gives byte-identical
    inputs (tree files, log, image blobs, the repository's refs and pack), and another
    seed gives different ones.

Usage: bench_suite_e2e.py KEYSIFT_BINARY SOURCE_DIR   (run by ctest; no network)
"""
import filecmp
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

GITLEAKS = os.environ.get("GITLEAKS", "/work/tools/gitleaks/usr/bin/gitleaks")
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(name)


def expected_rows(gitleaks):
    """(input, run, threads) of every row the report must have, in order."""
    gl = lambda *row: [row] if gitleaks else []  # noqa: E731
    return [
        ("tree", "floor: cat every file", "1"),
        ("tree", "keysift scan DIR", "1"), ("tree", "keysift scan DIR", "2"),
        *gl("tree", "gitleaks dir", "all"),
        ("repo", "floor: git cat-file --batch-all-objects --batch --unordered", "1"),
        ("repo", "keysift git (history)", "1"), ("repo", "keysift git (history)", "2"),
        *gl("repo", "gitleaks git", "all"),
        ("image", "floor: decompress + untar every layer", "1"),
        ("image", "keysift image", "1"), ("image", "keysift image", "2"),
        ("log", "floor: cat LOG", "1"),
        ("log", "keysift scan - (stdin)", "1"), ("log", "keysift scan - (stdin)", "2"),
        ("log", "keysift redact", "1"),
        *gl("log", "gitleaks stdin", "all")]


def table(text, heading):
    """The rows of the first markdown table after `heading`, as lists of cells."""
    part = text.split(heading, 1)[1] if heading in text else ""
    rows = []
    for line in part.splitlines()[1:]:
        if line.startswith("## "):
            break
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header


def number(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(
        same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def repo_identity(repo):
    refs = subprocess.run(["git", "-C", repo, "for-each-ref"], capture_output=True, text=True,
                          check=True).stdout
    packs = sorted(glob.glob(os.path.join(repo, ".git", "objects", "pack", "*.pack")))
    return refs, [open(p, "rb").read() for p in packs]


def main():
    keysift, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    suite = os.path.join(source, "bench", "suite.py")
    gitleaks = os.access(GITLEAKS, os.X_OK)
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.md")
        run = subprocess.run([sys.executable, suite, "--scale", "small", "--seed", "11",
                              "--dir", os.path.join(tmp, "a"), "--out", report,
                              "--keysift", keysift, "--gitleaks", GITLEAKS if gitleaks else "none"],
                             capture_output=True, text=True)
        check("suite exits 0", run.returncode == 0, run.stderr[-3000:])
        text = open(report).read() if os.path.exists(report) else ""

        figures = table(text, "## Figures")
        got = [tuple(r[:3]) for r in figures]
        want = expected_rows(gitleaks)
        check("every row, in order, none extra", got == want,
              f"\n  missing {sorted(set(want) - set(got))}\n  extra {sorted(set(got) - set(want))}"
              f"\n  got {got}")
        for r in figures:
            name = " / ".join(r[:3])
            if len(r) != 10 or r[3].startswith("FAILED"):
                check(f"{name}: measured", False, r)
                continue
            wall, cpu, rss = number(r[3]), number(r[4]), number(r[5])
            check(f"{name}: wall, CPU and peak RSS", None not in (wall, cpu, rss) and rss > 0, r)
            if r[1].startswith("keysift"):
                found = re.fullmatch(r"(\d+)( lines)?", r[6])
                check(f"{name}: a complete scan with findings", bool(found) and int(found.group(1)) > 0, r[6])
            elif r[1].startswith("gitleaks"):
                check(f"{name}: findings counted", r[6].isdigit(), r[6])
            else:
                check(f"{name}: a floor has no findings", r[6] == "—", r[6])
        scaling = {(r[0], r[1]) for r in table(text, "## 1 → 2 threads")}
        check("1 -> 2 threads for every keysift job", scaling == {
            ("tree", "keysift scan DIR"), ("repo", "keysift git (history)"),
            ("image", "keysift image"), ("log", "keysift scan - (stdin)")}, scaling)
        check("report names the machine and its load",
              re.search(r"- machine: \d+ cores \(.+\), \d+ GB; load average at the start [\d.]+ ", text), "")
        check("report names the keysift commit", re.search(r"source commit [0-9a-f]{12}", text), "")
        check("report has the date", re.search(r"- date: \d{4}-\d\d-\d\d \d\d:\d\d UTC", text), "")
        if not gitleaks:
            check("gitleaks skipped with a note", "gitleaks: not available" in text, "")
        inputs = table(text, "## Inputs")
        check("four inputs described", [r[0] for r in inputs] == ["tree", "repo", "image", "log"], inputs)

        # The same seed elsewhere: the same bytes; another seed: other bytes.
        def generate(where, seed):
            r = subprocess.run([sys.executable, suite, "--generate-only", "--scale", "small",
                                "--seed", str(seed), "--dir", os.path.join(tmp, where)],
                               capture_output=True, text=True)
            check(f"generate-only seed {seed} exits 0", r.returncode == 0, r.stderr[-2000:])
            return json.loads(r.stdout) if r.returncode == 0 else {}

        b, c = generate("b", 11), generate("c", 12)
        for r in inputs:
            check(f"{r[0]}: the report's fingerprint is the input's",
                  b.get(r[0], "").startswith(r[4].strip("`")), (r[4], b.get(r[0])))
        a_dir, b_dir = os.path.join(tmp, "a", "seed11-small"), os.path.join(tmp, "b", "seed11-small")
        check("tree: same seed, same files", same_tree(f"{a_dir}/tree", f"{b_dir}/tree"))
        check("image: same seed, same blobs", same_tree(f"{a_dir}/image", f"{b_dir}/image"))
        check("log: same seed, same bytes", filecmp.cmp(f"{a_dir}/log", f"{b_dir}/log", shallow=False))
        check("repo: same seed, same refs and pack bytes",
              repo_identity(f"{a_dir}/repo") == repo_identity(f"{b_dir}/repo"))
        for kind in ("tree", "repo", "image", "log"):
            check(f"{kind}: another seed, another input", c.get(kind) and c.get(kind) != b.get(kind),
                  (b.get(kind), c.get(kind)))
    print(f"{len(failures)} failures" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
