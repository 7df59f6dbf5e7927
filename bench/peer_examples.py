#!/usr/bin/env python3
"""Builds the peer example set for bench/peer_recall.py from local snapshots of other
scanners' repositories (third-party test data: written to a scratch file, never committed).

Usage: bench/peer_examples.py OUT.jsonl [--gitleaks DIR] [--betterleaks DIR] [--kingfisher DIR]

Each DIR is a git directory (a bare snapshot, e.g. from the session's `fetch` tool); its
HEAD is read with `git show`. From gitleaks and betterleaks, each rule file under
cmd/generate/config/rules/ is read as Go: the `tps` and `fps` values a rule function
hands to utils.Validate / ValidateWithPaths are evaluated, with secrets.NewSecret(regex)
generated from the regex by a seeded generator (random.Random(20261123)) and
utils.GenerateSampleSecret(s) expanded into the assignment forms gitleaks' own
cmd/generate/config/utils/generate.go lists (read from the same snapshot). A statement the
evaluator does not understand is skipped and counted. From kingfisher, each
data/rules/*.yml rule's `examples` and `negative_examples`.

One JSON object a line: {"source", "rule_id", "kind": "positive"|"negative", "text"} and
"filename" for gitleaks rules whose tests name a path.
"""
import argparse
import json
import random
import re
import sre_constants as C
import sre_parse
import subprocess
import sys

RNG = random.Random(20261123)


def git_files(repo, prefix):
    out = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", "HEAD", prefix],
                         capture_output=True, text=True, check=True).stdout
    return [p for p in out.splitlines() if p]


def git_show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", f"HEAD:{path}"], capture_output=True,
                          text=True, check=True).stdout


# ---- a generator of strings matching a regex (what reggen does for gitleaks) ----

PRINTABLE = [chr(c) for c in range(0x21, 0x7f)]
WORD = [chr(c) for c in range(0x30, 0x3a)] + [chr(c) for c in range(0x41, 0x5b)] + \
    [chr(c) for c in range(0x61, 0x7b)] + ["_"]


def charset(items):
    chars, negate = set(), False
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            chars.add(chr(av))
        elif op == C.RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op == C.CATEGORY:
            chars.update({C.CATEGORY_DIGIT: "0123456789", C.CATEGORY_WORD: WORD,
                          C.CATEGORY_SPACE: " "}.get(av, ""))
    if negate:
        return [c for c in PRINTABLE if c not in chars]
    return sorted(chars)


def gen(tree, out):
    for op, av in tree:
        if op == C.LITERAL:
            out.append(chr(av))
        elif op == C.NOT_LITERAL:
            out.append(RNG.choice([c for c in WORD if c != chr(av)]))
        elif op == C.ANY:
            out.append(RNG.choice(WORD))
        elif op == C.IN:
            out.append(RNG.choice(charset(av) or WORD))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            hi = lo + 10 if hi == C.MAXREPEAT else hi
            for _ in range(RNG.randint(lo, hi)):
                gen(sub, out)
        elif op == C.SUBPATTERN:
            gen(av[-1], out)
        elif op == C.BRANCH:
            gen(RNG.choice(av[1]), out)
        elif op == C.CATEGORY:
            out.append(RNG.choice({C.CATEGORY_DIGIT: "0123456789",
                                   C.CATEGORY_SPACE: " "}.get(av, WORD)))
        # AT (anchors), GROUPREF and the like add nothing


def entropy(s):
    import math
    return -sum(n / len(s) * math.log2(n / len(s)) for n in map(s.count, set(s))) if s else 0


def new_secret(regex):
    regex = regex.replace("\\z", "$").replace("(?-i:", "(?:")
    regex = re.sub(r"\[\[:(\w+):\]\]", lambda m: {"alnum": "[A-Za-z0-9]", "alpha": "[A-Za-z]",
                                                  "digit": "[0-9]"}.get(m.group(1), "[a-z]"), regex)
    out = []
    gen(sre_parse.parse(regex), out)
    return "".join(out)


# ---- a small evaluator for the Go expressions gitleaks' rule files use ----

TOKEN = re.compile(r"""\s+|//[^\n]*|/\*.*?\*/|`[^`]*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\]|\\.)*'|
                   [A-Za-z_][\w.]*|\d+(?:\.\d+)?|\.\.\.|:=|[-+*/%(){}\[\],:;=<>!&|.]""", re.S | re.X)


def lex(text):
    pos, toks = 0, []
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot lex at {text[pos:pos + 20]!r}")
        tok = m.group(0)
        pos = m.end()
        if tok.isspace():
            if "\n" in tok:
                toks.append("\n")
        elif not tok.startswith(("//", "/*")):
            toks.append(tok)
    return toks


def go_string(tok):
    if tok.startswith("`"):
        return tok[1:-1]
    return json.loads(tok.replace("\\x", "\\u00")) if "\\'" not in tok else tok[1:-1]


class Skip(Exception):
    pass


class Eval:
    def __init__(self, samples):
        self.samples = samples  # GenerateSampleSecrets' templates
        self.vars = {}

    def parse_expr(self, toks, i):
        val, i = self.parse_primary(toks, i)
        while i < len(toks) and toks[i] == "+":
            rhs, i = self.parse_primary(toks, i + 1)
            if not (isinstance(val, str) and isinstance(rhs, str)):
                raise Skip("+ on non-strings")
            val += rhs
        return val, i

    def parse_args(self, toks, i):
        args = []
        assert toks[i] == "("
        i += 1
        while toks[i] == "\n":
            i += 1
        while toks[i] != ")":
            v, i = self.parse_expr(toks, i)
            spread = toks[i] == "..."
            if spread:
                i += 1
            args.append((v, spread))
            while toks[i] in (",", "\n"):
                i += 1
        return args, i + 1

    def parse_composite(self, toks, i, is_map):
        assert toks[i] == "{"
        i += 1
        items = {} if is_map else []
        while True:
            while toks[i] in (",", "\n"):
                i += 1
            if toks[i] == "}":
                return items, i + 1
            v, i = self.parse_expr(toks, i)
            if is_map:
                if toks[i] != ":":
                    raise Skip("map without key")
                w, i = self.parse_expr(toks, i + 1)
                items[v] = w
            else:
                items.append(v)

    def parse_primary(self, toks, i):
        tok = toks[i]
        if tok[0] in "`\"":
            return go_string(tok), i + 1
        if re.match(r"\d+(?:\.\d+)?$", tok):
            return (float(tok) if "." in tok else int(tok)), i + 1
        if tok in ("true", "false", "nil"):
            return {"true": True, "false": False, "nil": None}[tok], i + 1
        if tok == "[" and toks[i + 1] == "]":
            j = i + 2
            while toks[j] != "{":
                j += 1
            return self.parse_composite(toks, j, False)
        if tok == "map":
            j = i
            while toks[j] != "{":
                j += 1
            return self.parse_composite(toks, j, True)
        if re.match(r"[A-Za-z_]", tok):
            if i + 1 < len(toks) and toks[i + 1] == "(":
                args, j = self.parse_args(toks, i + 1)
                return self.call(tok, args), j
            if tok in self.vars:
                return self.vars[tok], i + 1
            raise Skip(f"unknown name {tok}")
        raise Skip(f"unexpected {tok}")

    def call(self, name, args):
        vals = [a for a, _ in args]
        short = name.split(".")[-1]
        pats = {"Numeric": "[0-9]{%s}", "Hex": "[a-f0-9]{%s}", "AlphaNumeric": "[a-z0-9]{%s}",
                "AlphaNumericExtendedShort": "[a-z0-9_-]{%s}",
                "AlphaNumericExtended": "[a-z0-9=_\\-]{%s}",
                "AlphaNumericExtendedLong": "[a-z0-9\\/=_\\+\\-]{%s}"}
        if short in pats:
            return pats[short] % vals[0]
        if short == "Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if short == "NewSecret":
            return new_secret(vals[0])
        if short == "NewSecretWithEntropy":
            for _ in range(10):
                s = new_secret(vals[0])
                if entropy(s) >= vals[1]:
                    break
            return s
        if short == "GenerateSampleSecret":
            return f'{vals[0]}_api_token = "{vals[1]}"'
        if short == "GenerateSampleSecrets":
            ident, secret = vals
            return [t.replace("{i}", ident).replace("{I}", ident.upper()).replace("{s}", secret)
                    for t in self.samples]
        if short == "append":
            out = list(vals[0])
            for v, spread in args[1:]:
                out.extend(v if spread else [v])
            return out
        if short == "Sprintf":
            fmt_, rest = vals[0], list(vals[1:])
            return re.sub(r"%[sdv]", lambda m: str(rest.pop(0)) if rest else "", fmt_)
        if short == "Repeat":
            return vals[0] * int(vals[1])
        if short in ("ToUpper", "ToLower"):
            return vals[0].upper() if short == "ToUpper" else vals[0].lower()
        raise Skip(f"unknown call {name}")


def sample_templates(repo):
    text = git_show(repo, "cmd/generate/config/utils/generate.go")
    body = text[text.index("func GenerateSampleSecrets"):]
    body = body[:body.index("\n\t}\n")]
    out = []
    for line in body.splitlines():
        m = re.match(r'\s*"[^"]*":\s*(`[^`]*`|"(?:[^"\\]|\\.)*"),', line)
        if m:
            out.append(go_string(m.group(1)))
    return out


def functions(text):
    """Yields (name, body) of each top-level func."""
    for m in re.finditer(r"^func (\w+)\([^)]*\)[^{]*\{", text, re.M):
        depth, i = 1, m.end()
        while depth and i < len(text):
            if text[i] == "`":
                i = text.index("`", i + 1)
            elif text[i] == '"':
                i += 1
                while text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
            elif text[i] == "/" and text[i + 1] == "/":
                i = text.index("\n", i)
            elif text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        yield m.group(1), text[m.end():i - 1]


def statements(toks):
    """Splits tokens at newlines outside brackets."""
    depth, cur = 0, []
    for t in toks:
        if t in "({[":
            depth += 1
        elif t in ")}]":
            depth -= 1
        if t == "\n" and depth == 0:
            if cur:
                yield cur
            cur = []
        else:
            cur.append(t)
    if cur:
        yield cur


def expand_var_blocks(stmts):
    """`var ( a = x \n b = y )` -> `a = x`, `b = y`."""
    for st in stmts:
        if len(st) > 2 and st[0] == "var" and st[1] == "(":
            yield from statements(["\n" if t == ";" else t for t in _inner(st)])
        else:
            yield st


def _inner(st):
    out, depth = [], 0
    for t in st[2:-1]:
        out.append(t)
    return out


def package_vars(text, samples):
    """Values of the file's package-level `var` declarations that evaluate."""
    ev = Eval(samples)
    top = re.sub(r"^func .*?^}\n", "", text, flags=re.M | re.S)
    try:
        toks = lex(top)
    except ValueError:
        return {}
    for st in expand_var_blocks(statements(toks)):
        if st and st[0] == "var":
            st = st[1:]
        if len(st) > 2 and st[1] in (":=", "="):
            try:
                ev.vars[st[0]], _ = ev.parse_expr(st, 2)
            except (Skip, IndexError, KeyError, AssertionError, ValueError, re.error):
                pass
    return ev.vars


def gitleaks_rules(repo, source, samples, stats):
    for path in git_files(repo, "cmd/generate/config/rules/"):
        if not path.endswith(".go") or path.endswith("_test.go"):
            continue
        text = git_show(repo, path)
        globals_ = package_vars(text, samples)
        for name, body in functions(text):
            rid = re.search(r'RuleID:\s*"([^"]+)"', body)
            if not rid:
                continue
            ev = Eval(samples)
            ev.vars.update(globals_)
            try:
                toks = lex(body)
            except ValueError:
                stats["unlexed"] += 1
                continue
            for st in expand_var_blocks(statements(toks)):
                try:
                    if st[0] == "return" and "Validate" in "".join(st[1:2]) or \
                            (len(st) > 1 and st[0] == "return" and st[1].endswith("Validate")):
                        yield from emit(source, rid.group(1), ev, st, stats)
                        continue
                    if st[0] == "var":
                        st = st[1:]
                    if len(st) > 2 and st[1] in (":=", "="):
                        val, _ = ev.parse_expr(st, 2)
                        ev.vars[st[0]] = val
                except (Skip, IndexError, KeyError, AssertionError, ValueError, re.error) as e:
                    stats["skipped statements"] += 1
                    stats.setdefault("why", []).append(f"{path}:{name}: {e}")


def emit(source, rule_id, ev, st, stats):
    args = [t for t in st if re.match(r"[A-Za-z_]\w*$", t)]
    tps = ev.vars.get(args[-2]) if len(args) >= 2 else None
    fps = ev.vars.get(args[-1]) if len(args) >= 1 else None
    for kind, group in (("positive", tps), ("negative", fps)):
        if isinstance(group, dict):
            for fname, text in group.items():
                yield {"source": source, "rule_id": rule_id, "kind": kind, "text": text,
                       "filename": fname.split("/")[-1]}
        elif isinstance(group, list):
            for text in group:
                if isinstance(text, str):
                    yield {"source": source, "rule_id": rule_id, "kind": kind, "text": text}
        stats[f"{source} {kind}"] += len(group or [])


def kingfisher_rules(repo, stats):
    try:
        import yaml
    except ImportError:
        sys.exit("kingfisher rules need PyYAML (python3-yaml)")
    for path in git_files(repo, "data/rules/"):
        if not path.endswith((".yml", ".yaml")):
            continue
        try:
            doc = yaml.safe_load(git_show(repo, path))
        except yaml.YAMLError:
            stats["unparsed kingfisher files"] += 1
            continue
        for rule in (doc or {}).get("rules", []):
            for kind, key in (("positive", "examples"), ("negative", "negative_examples")):
                for text in rule.get(key) or []:
                    stats[f"kingfisher {kind}"] += 1
                    yield {"source": "kingfisher", "rule_id": "kf." + str(rule.get("id")),
                           "kind": kind, "text": str(text)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--gitleaks")
    ap.add_argument("--betterleaks")
    ap.add_argument("--kingfisher")
    ap.add_argument("--why", action="store_true", help="list skipped statements")
    args = ap.parse_args()
    import collections
    stats = collections.Counter()
    records = []
    for source, repo in (("gitleaks", args.gitleaks), ("betterleaks", args.betterleaks)):
        if repo:
            samples = sample_templates(repo)
            records += [dict(r, rule_id=("gl." if source == "gitleaks" else "bl.") + r["rule_id"])
                        for r in gitleaks_rules(repo, source, samples, stats)]
    if args.kingfisher:
        records += list(kingfisher_rules(args.kingfisher, stats))
    with open(args.out, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    why = stats.pop("why", [])
    print(f"{len(records)} examples: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
    if args.why:
        print("\n".join(why))


if __name__ == "__main__":
    main()
