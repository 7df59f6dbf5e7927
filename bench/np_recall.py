#!/usr/bin/env python3
"""Recall and false positives of keysift on Nosey Parker's rule examples.

Usage: np_recall.py KEYSIFT [EXAMPLES.jsonl] [--misses]

Each example is written to its own file and the whole set is scanned in one run. A
positive counts as found when keysift reports anything in its file. A negative counts
as flagged when keysift reports a rule of the same provider in its file (Nosey
Parker's negatives are scoped to one rule: they may rightly hold another secret).
Examples of identifier rules (bucket names, ARNs, account and client IDs, user names, public keys)
and of password-hash rules are scored apart: they are not secrets keysift looks for.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

# Nosey Parker rules that find identifiers or hashes, not credentials.
NOT_SECRETS = {
    "np.aws.1", "np.aws.3", "np.s3.1", "np.s3.2", "np.arn.1", "np.gcs.1", "np.gcs.2",
    "np.google.1", "np.github.5", "np.linkedin.1", "np.twitter.1", "np.shopify.1",
    "np.age.1", "np.mapbox.1",
    "np.pwhash.1", "np.pwhash.2", "np.pwhash.3", "np.pwhash.4", "np.pwhash.5",
    "np.krb5.asrep.23.1",
    "np.reactapp.1",  # "React App Username": a user name, not a secret
}
# Positives whose value is visibly not a live credential: one character repeated, an
# alphabet run, AWS's EXAMPLE keys, a shell/batch variable, xxxx. Scored apart, as the
# corpus README suggests (scanners that filter placeholders reject them by design).
PLACEHOLDER = re.compile(r"([A-Za-z0-9])\1{7}|ABCDEFGH|EXAMPLE|xxxx|-p \$\w+|-p %\w+%|\$[Pp]assword\b")
# Nosey Parker provider -> prefixes of keysift rule ids for the same provider.
ALIASES = {
    "generic": ("generic", "password", "credential", "basic-auth", "url-", "http-"),
    "pem": ("private-key",), "hashicorp": ("vault",), "google": ("gcp", "google"),
    "http": ("url", "http", "basic-auth"), "jwt": ("jwt",), "msteams": ("msteams", "teams"),
}


def load_map(path):
    """np rule id -> set of keysift rule ids ("-" rows give an empty set)."""
    table = {}
    for line in open(path):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        table[cols[0]] = set() if cols[1] == "-" else set(cols[1].split(","))
    return table


def provider(np_rule):
    return np_rule.split(".")[1]


def same_provider(np_rule, ks_rule):
    p = provider(np_rule)
    return any(ks_rule.startswith(a) for a in ALIASES.get(p, (p,)))


def main():
    keysift = sys.argv[1]
    examples = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else \
        os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus-external",
                     "noseyparker-examples.jsonl")
    records = [json.loads(line) for line in open(examples)]
    mapping = load_map(os.path.join(os.path.dirname(os.path.abspath(__file__)), "np_rule_map.tsv"))
    unmapped = sorted({r["rule_id"] for r in records} - set(mapping))
    if unmapped:
        sys.exit(f"np_rule_map.tsv has no row for: {', '.join(unmapped)}")
    listed = subprocess.run([keysift, "rules", "list"], capture_output=True, text=True).stdout
    known = {line.split()[0] for line in listed.splitlines() if line and not line[0].isspace()}
    unknown = sorted(set().union(*mapping.values()) - known)
    if unknown:
        print(f"warning: np_rule_map.tsv names rules keysift does not have: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory() as tmp:
        for i, r in enumerate(records):
            with open(os.path.join(tmp, f"{i:04d}.txt"), "w") as f:
                f.write(r["text"])
        out = subprocess.run([keysift, "scan", "--format", "json", "--show-secrets", tmp],
                             capture_output=True)
        if out.returncode not in (0, 1):
            sys.exit(f"keysift failed: {out.stderr.decode()}")
        report = json.loads(out.stdout)
    found = collections.defaultdict(list)
    for f in report["findings"]:
        found[int(os.path.basename(f["path"]).split(".")[0])].append(f["rule_id"])

    pos = collections.Counter()
    pos_hit = collections.Counter()
    real = real_hit = 0
    neg = neg_hit = neg_map_hit = 0
    pos_map = pos_map_hit = 0
    misses = []
    for i, r in enumerate(records):
        group = "other" if r["rule_id"] in NOT_SECRETS else "secret"
        if r["kind"] == "positive":
            pos[group] += 1
            if group == "secret" and mapping[r["rule_id"]]:
                pos_map += 1
                pos_map_hit += 1 if mapping[r["rule_id"]] & set(found[i]) else 0
            if found[i]:
                pos_hit[group] += 1
            elif group == "secret":
                misses.append((provider(r["rule_id"]), r["rule_id"], r["text"]))
            if group == "secret" and not PLACEHOLDER.search(r["text"]):
                real += 1
                real_hit += 1 if found[i] else 0
        elif group == "secret":
            neg += 1
            by_map = bool(mapping[r["rule_id"]] & set(found[i]))
            by_provider = any(same_provider(r["rule_id"], k) for k in found[i])
            neg_map_hit += by_map
            neg_hit += by_provider
            if by_map or by_provider:
                how = "corresponding rule" if by_map else "same provider only"
                misses.append((f"NEGATIVE FLAGGED ({how})", r["rule_id"] + " " + ",".join(found[i]), r["text"]))
    print(f"secret-rule positives found: {pos_hit['secret']}/{pos['secret']} "
          f"({100 * pos_hit['secret'] / pos['secret']:.1f}%)")
    print(f"  of which not placeholders: {real_hit}/{real} "
          f"({100 * real_hit / real:.1f}%)")
    print(f"  of which found by the corresponding rule: {pos_map_hit}/{pos_map} "
          f"({100 * pos_map_hit / max(pos_map, 1):.1f}%)")
    print(f"identifier/hash positives found (not a goal): {pos_hit['other']}/{pos['other']}")
    print(f"secret-rule negatives flagged by the corresponding rule (bench/np_rule_map.tsv): "
          f"{neg_map_hit}/{neg} ({100 * neg_map_hit / max(neg, 1):.1f}%)")
    print(f"secret-rule negatives flagged by a same-provider rule: {neg_hit}/{neg} "
          f"({100 * neg_hit / max(neg, 1):.1f}%)")
    by_provider = collections.Counter(m[0] for m in misses if not m[0].startswith("NEGATIVE"))
    print("misses by provider: " + ", ".join(f"{p} {n}" for p, n in by_provider.most_common()))
    if "--misses" in sys.argv:
        for p, rule, text in misses:
            print(f"--- {p} {rule}\n{text[:300]}")


if __name__ == "__main__":
    main()
