#!/usr/bin/env python3
"""Recall and false positives of keysift on other secret scanners' rule test examples.

Usage: peer_recall.py KEYSIFT [EXAMPLES.jsonl] [--misses] [--flagged] [--rules]

EXAMPLES.jsonl (default $KEYSIFT_PEER_EXAMPLES, else /tmp/peer-examples/examples.jsonl)
holds one object per line: {"source", "rule_id", "kind": "positive"|"negative", "text"}
and optionally "filename" (for peer rules scoped to a path such as nuget.config or
*.tf) and "identifier": true (the example holds an identifier, not a secret). The examples are third-party test data and are not kept in this repository; see
bench/results/peers-*.md for how they were collected.

Each example is written to its own file and the whole set is scanned in one run
(`KEYSIFT scan --format json --show-secrets DIR`). A positive counts as found when
keysift reports anything in its file. Peers' negatives are scoped to one of their rules
(they may rightly hold another secret), so a negative is reported twice: flagged by any
keysift rule, and flagged by a keysift rule of the same provider (first word of the
rule id, with a few aliases).

Peer rules that only find identifiers (client IDs, access-key IDs without their secret,
public keys) are scored apart, and so are positives whose value is visibly not a live
credential (one character repeated, xxxx, EXAMPLE, an all-digit or alphabet-run body,
a ${VAR}): scanners that filter placeholders reject them by design.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

# Peer rule ids that name an identifier, not a secret (substring match, lower case).
IDENTIFIER = re.compile(r"client-id|access-id|-id$|pub-key|public-key|pub-api-key|user-id|"
                        r"access-key-id|accessid|-address$")
PLACEHOLDER = re.compile(r"([A-Za-z0-9])\1{7}|ABCDEFGH|ABCD-ABCD|12345678|EXAMPLE|xxxx|XXXX|"
                         r"cafebabe|\$\{\w+\}|(?i:<(?:your|my|insert|enter|replace)[^>]*>)")
# Peer provider word -> prefixes of keysift rule ids for the same provider.
ALIASES = {
    "1password": ("onepassword",), "new": ("newrelic",), "vault": ("vault",),
    "curl": ("curl", "http-", "generic"), "database": ("generic", "postgres", "mysql"),
    "hashicorp": ("terraform", "vault", "generic"), "datafactory": ("azure",),
    "claude": ("anthropic",), "do": ("digitalocean",), "gcp": ("gcp", "google"),
    "sonar": ("sonarqube",), "sendinblue": ("brevo",), "kubernetes": ("kubernetes",),
    "generic": ("generic",), "private": ("private-key",), "privatekey": ("private-key",),
    "microsoft": ("msteams",), "msteams": ("msteams",), "sumologic": ("sumologic",),
}


def provider(rule_id):
    """First word of a peer rule id, without a source tag such as gl. or kf."""
    rule_id = re.sub(r"^(?:gl|kf|th|bl|np)\.", "", rule_id.lower())
    return re.split(r"[-_.]", rule_id)[0]


def same_provider(peer_rule, ks_rule):
    p = provider(peer_rule)
    return any(ks_rule.startswith(a) for a in ALIASES.get(p, (p,)))


def default_examples():
    return os.environ.get("KEYSIFT_PEER_EXAMPLES", "/tmp/peer-examples/examples.jsonl")


def scan(keysift, records):
    """Writes each record to its own file, scans once; returns index -> [rule ids]."""
    found = collections.defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for i, r in enumerate(records):
            name = r.get("filename")
            if name:
                os.mkdir(os.path.join(tmp, f"{i:05d}"))
                path = os.path.join(tmp, f"{i:05d}", name)
            else:
                path = os.path.join(tmp, f"{i:05d}.txt")
            with open(path, "w") as f:
                f.write(r["text"])
            paths[os.path.relpath(path, tmp)] = i
        out = subprocess.run([keysift, "scan", "--format", "json", "--show-secrets", tmp],
                             capture_output=True)
        if out.returncode not in (0, 1):
            sys.exit(f"keysift failed: {out.stderr.decode()}")
        report = json.loads(out.stdout)
        for f in report["findings"]:
            rel = os.path.relpath(f["path"], tmp) if os.path.isabs(f["path"]) else f["path"]
            key = rel if rel in paths else next(p for p in paths if f["path"].endswith(p))
            found[paths[key]].append(f["rule_id"])
    return found


def pct(a, b):
    return f"{a}/{b} ({100 * a / max(b, 1):.1f}%)"


def main():
    keysift = sys.argv[1]
    args = [a for a in sys.argv[2:] if not a.startswith("--")]
    records = [json.loads(line) for line in open(args[0] if args else default_examples())]
    found = scan(keysift, records)

    stats = collections.Counter()
    by_source = collections.defaultdict(collections.Counter)
    rules = collections.defaultdict(lambda: [0, 0])  # (source, rule) -> [found, total]
    misses, flagged = [], []
    for i, r in enumerate(records):
        src, rule = r["source"], r["rule_id"]
        if r["kind"] == "positive":
            if r.get("identifier") or IDENTIFIER.search(rule.lower()):
                stats["id_total"] += 1
                stats["id_found"] += bool(found[i])
                continue
            placeholder = bool(PLACEHOLDER.search(r["text"]))
            stats["pos_total"] += 1
            stats["pos_found"] += bool(found[i])
            by_source[src]["pos_total"] += 1
            by_source[src]["pos_found"] += bool(found[i])
            if not placeholder:
                stats["real_total"] += 1
                stats["real_found"] += bool(found[i])
            rules[(src, rule)][1] += 1
            rules[(src, rule)][0] += bool(found[i])
            if not found[i]:
                misses.append((src, rule, placeholder, r["text"]))
        else:
            stats["neg_total"] += 1
            by_source[src]["neg_total"] += 1
            if found[i]:
                same = any(same_provider(rule, k) for k in found[i])
                stats["neg_any"] += 1
                stats["neg_same"] += same
                by_source[src]["neg_any"] += 1
                flagged.append((src, rule, ",".join(sorted(set(found[i]))), same, r["text"]))

    print(f"examples: {len(records)}")
    print(f"secret positives found: {pct(stats['pos_found'], stats['pos_total'])}")
    print(f"  of which not placeholders: {pct(stats['real_found'], stats['real_total'])}")
    full = sum(1 for f, t in rules.values() if f == t)
    some = sum(1 for f, t in rules.values() if f)
    print(f"peer secret rules with every positive found: {full}/{len(rules)}; "
          f"with at least one: {some}/{len(rules)}")
    print(f"identifier-rule positives found (not a goal): {pct(stats['id_found'], stats['id_total'])}")
    print(f"negatives flagged by any keysift rule: {pct(stats['neg_any'], stats['neg_total'])}")
    print(f"negatives flagged by a same-provider rule: {pct(stats['neg_same'], stats['neg_total'])}")
    for src, c in sorted(by_source.items()):
        print(f"  {src}: positives {pct(c['pos_found'], c['pos_total'])}, "
              f"negatives flagged {pct(c['neg_any'], c['neg_total'])}")
    missed_rules = collections.Counter((m[0], m[1]) for m in misses if not m[2])
    print("misses (non-placeholder) by peer rule: " +
          ", ".join(f"{s}:{r} {n}" for (s, r), n in sorted(missed_rules.items())))
    if "--rules" in sys.argv:
        for (src, rule), (f, t) in sorted(rules.items()):
            print(f"{src}\t{rule}\t{f}/{t}")
    if "--misses" in sys.argv:
        for src, rule, placeholder, text in misses:
            print(f"--- MISS {src} {rule}{' (placeholder)' if placeholder else ''}\n{text[:400]}")
    if "--flagged" in sys.argv or "--misses" in sys.argv:
        for src, rule, ks, same, text in flagged:
            print(f"--- NEGATIVE FLAGGED {src} {rule} by {ks}"
                  f"{' (same provider)' if same else ''}\n{text[:400]}")


if __name__ == "__main__":
    main()
