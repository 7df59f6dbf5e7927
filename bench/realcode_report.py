#!/usr/bin/env python3
"""Findings on the real-code corpus (bench/realcode.sh), each matched to its reviewed class,
with gitleaks' figures on the same trees beside keysift's.

Usage: bench/realcode_report.py KEYSIFT [--dir DIR] [--half tune|holdout|fresh|fresh2|fresh3|both|all]
                                [--gitleaks GITLEAKS] [--review] [--out FILE]

Every finding is looked up in bench/results/realcode-labels.tsv (tab-separated: half, path
relative to the half's root, line, first 4 characters of the secret, class, rule id when
labelled, note). Classes: `secret` (a real credential), `fixture` (a test fixture or a
documentation example: a credential-shaped value nobody uses), `fp` (not a credential at
all). A finding with no label is `unclassified`; --review prints those with their line,
for labelling. `both` is tune and holdout, `all` adds the fresh halves (bench/realcode.sh).

Writes a markdown table per half: bytes and files scanned, findings by class, false
positives per 100 MB, the rules with false positives, findings by context. gitleaks runs
as `gitleaks dir HALF --report-format json` with its default rules; its findings are
matched to the same labels by path, line and secret (a gitleaks finding keysift does not
report has no label unless one was added for it).
"""
import argparse
import collections
import datetime
import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "results", "realcode-labels.tsv")
CLASSES = ("secret", "fixture", "fp")


def load_labels(path):
    labels = {}
    if not os.path.exists(path):
        return labels
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 5 or cols[4] not in CLASSES:
            sys.exit(f"{path}:{n}: want half, path, line, secret4, class ({'|'.join(CLASSES)}), rule, note")
        labels[(cols[0], cols[1], int(cols[2]), cols[3])] = cols[4]
    return labels


def key(half, root, path, line, secret):
    rel = os.path.relpath(path, root) if os.path.isabs(path) else os.path.relpath(os.path.abspath(path), root)
    return (half, rel, int(line), secret[:4].replace("\t", " ").replace("\n", " "))


def run_keysift(ks, root, out):
    res = subprocess.run([ks, "scan", "--format", "json", "--show-secrets", "-o", out, root],
                         capture_output=True, text=True)
    if res.returncode not in (0, 1, 3):
        sys.exit(f"keysift failed ({res.returncode}): {res.stderr[-2000:]}")
    return json.load(open(out))


def run_gitleaks(gl, root, out):
    if not os.path.exists(out):
        subprocess.run([gl, "dir", root, "--report-format", "json", "--report-path", out,
                        "--exit-code", "0", "--no-banner", "--log-level", "error"], check=True)
    return json.load(open(out))


def line_of(path, line):
    try:
        with open(path, "rb") as fh:
            gz = fh.read(2) == b"\x1f\x8b"
        with (gzip.open if gz else open)(path, "rb") as fh:
            lines = fh.read().split(b"\n")
        return lines[line - 1].decode("utf-8", "replace") if line - 1 < len(lines) else ""
    except OSError:
        return ""


def per100(n, mb):
    return f"{n * 100 / mb:.2f}" if mb else "-"


def half_section(half, root, report, labels, gl_report, review):
    stats = report["stats"]
    mb = stats["bytes_scanned"] / 1e6
    rows = []
    by_class = collections.Counter()
    fp_by_rule = collections.Counter()
    all_by_rule = collections.Counter()
    by_context = collections.Counter()
    unlabelled = []
    for f in report["findings"]:
        k = key(half, root, f["path"], f["line"], f["secret"])
        cls = labels.get(k, "unclassified")
        by_class[cls] += 1
        all_by_rule[f["rule_id"]] += 1
        by_context[(f.get("context") or "-", cls)] += 1
        if cls == "fp":
            fp_by_rule[f["rule_id"]] += 1
        if cls == "unclassified":
            unlabelled.append((k, f))
    rows.append(f"### {half}: {stats['files_scanned']} files, {mb:.1f} MB scanned")
    rows.append("")
    rows.append("| | findings | per 100 MB |")
    rows.append("| --- | ---: | ---: |")
    rows.append(f"| all | {len(report['findings'])} | {per100(len(report['findings']), mb)} |")
    for cls in CLASSES + ("unclassified",):
        rows.append(f"| {cls} | {by_class[cls]} | {per100(by_class[cls], mb)} |")
    rows.append("")
    rows.append("Findings by rule (false positives / all, per 100 MB):")
    rows.append("")
    rows.append("| rule | findings | fp | fp per 100 MB |")
    rows.append("| --- | ---: | ---: | ---: |")
    for rule, n in sorted(all_by_rule.items(), key=lambda kv: (-fp_by_rule[kv[0]], -kv[1], kv[0])):
        rows.append(f"| {rule} | {n} | {fp_by_rule[rule]} | {per100(fp_by_rule[rule], mb)} |")
    rows.append("")
    rows.append("By context (`context` field) and class: " + ", ".join(
        f"{ctx}/{cls} {n}" for (ctx, cls), n in sorted(by_context.items())))
    rows.append("")
    if gl_report is not None:
        gl_class = collections.Counter()
        gl_rule = collections.Counter()
        for g in gl_report:
            path = os.path.join(root, g["File"]) if not os.path.isabs(g["File"]) else g["File"]
            gl_class[labels.get(key(half, root, path, g["StartLine"], g.get("Secret", "")),
                                "unclassified")] += 1
            gl_rule[g["RuleID"]] += 1
        rows.append(f"gitleaks on the same tree: {len(gl_report)} findings "
                    f"({per100(len(gl_report), mb)} per 100 MB of keysift's scanned bytes); "
                    "by the labels: " + ", ".join(f"{c} {gl_class[c]}" for c in CLASSES + ("unclassified",)))
        rows.append("")
        rows.append("gitleaks rules with the most findings: " + ", ".join(
            f"{r} {n}" for r, n in gl_rule.most_common(12)))
        rows.append("")
    if review and unlabelled:
        print(f"# {len(unlabelled)} unclassified findings in {half}", file=sys.stderr)
        for k, f in sorted(unlabelled, key=lambda kf: kf[0]):
            text = line_of(f["path"], f["line"])
            c = f["column"] - 1
            snippet = text[max(0, c - 80):c + 80]
            print("\t".join([k[0], k[1], str(k[2]), k[3], "?", f["rule_id"],
                             f.get("context") or "-", snippet.replace("\t", " ")]))
    return rows, by_class, mb, fp_by_rule


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("keysift")
    ap.add_argument("--dir", default=os.environ.get("REALCODE_DIR", "/work/scratch/i13/realcode"))
    ap.add_argument("--half", default="both", choices=("tune", "holdout", "fresh", "fresh2", "fresh3", "both", "all"))
    ap.add_argument("--gitleaks")
    ap.add_argument("--review", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("--reports", help="where the scanners' JSON reports go (default DIR/reports)")
    args = ap.parse_args()
    labels = load_labels(LABELS)
    halves = {"both": ("tune", "holdout"), "all": ("tune", "holdout", "fresh", "fresh2", "fresh3")}.get(args.half, (args.half,))
    reports = args.reports or os.path.join(args.dir, "reports")
    os.makedirs(reports, exist_ok=True)
    version = subprocess.run([args.keysift, "--version"], capture_output=True, text=True).stdout.strip()
    nrules = subprocess.run([args.keysift, "rules", "list"], capture_output=True, text=True).stdout.splitlines()[-1]
    out = [f"# keysift on the real-code corpus ({datetime.datetime.utcnow():%Y-%m-%dT%H:%MZ})", "",
           f"{version.splitlines()[0] if version else 'keysift'}, {nrules}. Corpus: `bench/realcode.sh` "
           f"(pinned lists in bench/realcode/). Command: `bench/realcode_report.py {args.keysift}"
           f"{' --gitleaks ' + args.gitleaks if args.gitleaks else ''} --half {args.half}`.", ""]
    total = collections.Counter()
    total_mb = 0.0
    for half in halves:
        root = os.path.join(args.dir, half)
        tag = os.path.basename(os.path.dirname(os.path.abspath(args.keysift))) or "keysift"
        report = run_keysift(args.keysift, root, os.path.join(reports, f"keysift-{half}.json"))
        gl = None
        if args.gitleaks:
            gl = run_gitleaks(args.gitleaks, root, os.path.join(reports, f"gitleaks-{half}.json"))
        rows, by_class, mb, _ = half_section(half, root, report, labels, gl,
                                             args.review)
        out += rows
        total += by_class
        total_mb += mb
        del tag
    if len(halves) > 1:
        out.append(f"### {' + '.join(halves)}: {total_mb:.1f} MB; false positives {total['fp']} "
                   f"({per100(total['fp'], total_mb)} per 100 MB); fixtures {total['fixture']}, "
                   f"secrets {total['secret']}, unclassified {total['unclassified']}")
        out.append("")
    text = "\n".join(out)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
