#!/usr/bin/env python3
"""Derives which keysift rule finds what each gitleaks rule finds, for policy/gitleaks_rules.tsv.

Usage: gitleaks_rule_map.py KEYSIFT GITLEAKS_TOML [SAMPLES_PER_RULE]

GITLEAKS_TOML is gitleaks' default config (config/gitleaks.toml of the
golang-github-gitleaks-gitleaks-dev package; third-party data, never kept here). For each
gitleaks rule, random strings matching its regex are generated (seeded), written each to
its own file named to satisfy the rule's path filter, and scanned with keysift; the
keysift rules that fire on most samples are the rule's equivalents. A rule whose id is a
keysift rule id maps to it directly. The output (TSV on stdout) is reviewed by hand
before it replaces policy/gitleaks_rules.tsv: it is a starting point, not an oracle.
"""
import collections
import json
import os
import random
import re
import re._constants as C
import re._parser as P
import subprocess
import sys
import tempfile
import tomllib

ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def go_to_python(rx):
    rx = rx.replace("(?P<", "(?P<").replace("(?<", "(?P<")
    # A mid-pattern (?i) is Go's; Python wants flags first: make the whole pattern caseless.
    if "(?i)" in rx[1:]:
        rx = "(?i)" + rx.replace("(?i)", "")
    return rx.replace("\\z", "\\Z")


def gen(node_list, rnd, caseless):
    out = []
    for op, av in node_list:
        if op is C.LITERAL:
            ch = chr(av)
            out.append(ch)
        elif op is C.NOT_LITERAL:
            out.append(rnd.choice([c for c in ALNUM if ord(c) != av]))
        elif op is C.ANY:
            out.append(rnd.choice(ALNUM))
        elif op is C.IN:
            out.append(gen_class(av, rnd))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            hi = min(hi, lo + 12) if hi != C.MAXREPEAT else lo + 12
            for _ in range(rnd.randint(lo, max(lo, hi))):
                out.append(gen(sub, rnd, caseless))
        elif op is C.SUBPATTERN:
            out.append(gen(av[-1], rnd, caseless))
        elif op is C.BRANCH:
            out.append(gen(rnd.choice(av[1]), rnd, caseless))
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            pass
        elif op is C.GROUPREF:
            out.append("")
        else:
            raise ValueError(f"unsupported {op}")
    return "".join(out)


def gen_class(items, rnd):
    chars, negate = [], False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.append(chr(av))
        elif op is C.RANGE:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY:
            if av is C.CATEGORY_DIGIT:
                chars.extend("0123456789")
            elif av is C.CATEGORY_WORD:
                chars.extend(ALNUM + "_")
            elif av is C.CATEGORY_SPACE:
                chars.extend(" ")
            else:
                chars.extend(ALNUM)
    if negate:
        pool = [c for c in ALNUM if c not in chars]
        return rnd.choice(pool or ["_"])
    printable = [c for c in chars if c.isprintable()] or chars
    return rnd.choice(printable)


def samples(rule, n, rnd):
    rx = go_to_python(rule["regex"])
    parsed = P.parse(rx)
    caseless = bool(parsed.state.flags & re.IGNORECASE)
    out = []
    for _ in range(n * 20):
        if len(out) == n:
            break
        try:
            s = gen(list(parsed), rnd, caseless)
        except (ValueError, RecursionError):
            return []
        try:
            if re.search(rx, s):
                out.append(s)
        except re.error:
            return []
    return out


def main():
    keysift, toml_path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    with open(toml_path, "rb") as f:
        config = tomllib.load(f)
    ids = json.loads(subprocess.run([keysift, "rules", "list", "--format", "json"],
                                    capture_output=True, check=True).stdout)
    ks_ids = {r["id"] for r in ids}
    rnd = random.Random(14)
    files = {}
    with tempfile.TemporaryDirectory() as d:
        for rule in config["rules"]:
            if "regex" not in rule:
                continue
            for i, s in enumerate(samples(rule, n, rnd)):
                name = os.path.join(d, rule["id"], f"{i}.txt")
                os.makedirs(os.path.dirname(name), exist_ok=True)
                with open(name, "w") as f:
                    f.write(s + "\n")
                files[name] = rule["id"]
        r = subprocess.run([keysift, "scan", "--format", "json", "--show-secrets", d],
                           capture_output=True)
        report = json.loads(r.stdout)
    fired = collections.defaultdict(collections.Counter)
    tried = collections.Counter(files.values())
    for f in report["findings"]:
        fired[files[f["path"]]][f["rule_id"]] += 1
    print("# gitleaks rule\tkeysift rules\tnote")
    for rule in config["rules"]:
        gid = rule["id"]
        if gid in ks_ids:
            print(f"{gid}\t{gid}\tsame id")
            continue
        hits = fired.get(gid, {})
        best = [k for k, c in hits.items() if c * 2 >= tried[gid] and tried[gid]]
        if best:
            print(f"{gid}\t{','.join(sorted(best))}\tfound {max(hits.values())}/{tried[gid]} samples")
        else:
            note = "no samples" if not tried[gid] else f"none of {tried[gid]} samples found"
            print(f"{gid}\t-\t{note}")


if __name__ == "__main__":
    main()
