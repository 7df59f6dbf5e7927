#!/usr/bin/env python3
"""Writes a seeded, synthetic source-like tree for benchmarks.

Usage: generate.py OUT_DIR SIZE_MB [SEED]

Files look like code and config: identifiers, strings, numbers, hex digests, base64
blobs, UUIDs and, rarely, a credential-shaped string built from the seed (never a real
credential). The same seed always gives the same tree.
"""
import os
import random
import string
import sys

WORDS = ("int char return static const void struct include define if else for while "
         "switch case break self def class import from module export function let var "
         "public private namespace template typename config value result error status "
         "buffer length offset index count name path file data user request response").split()
ALNUM = string.ascii_letters + string.digits


def rand_str(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def secret_line(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return f'    token = "ghp_{rand_str(rng, ALNUM, 36)}"'
    if kind == 1:
        return f"AWS_ACCESS_KEY_ID=AKIA{rand_str(rng, string.ascii_uppercase + '234567', 16)}"
    if kind == 2:
        return f'  "password": "{rand_str(rng, ALNUM, 18)}",'
    if kind == 3:
        return f"SLACK=xoxb-{rng.randrange(10**11, 10**12)}-{rng.randrange(10**12, 10**13)}-{rand_str(rng, ALNUM, 24)}"
    return f"db = postgres://svc:{rand_str(rng, ALNUM, 16)}@db.example.internal/app"


def code_line(rng):
    kind = rng.randrange(20)
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 12)))
    if kind == 0:
        return f'    checksum = "{rand_str(rng, "0123456789abcdef", 64)}";'
    if kind == 1:
        return f'    blob: "{rand_str(rng, ALNUM + "+/", rng.randrange(40, 120))}"'
    if kind == 2:
        h = rand_str(rng, "0123456789abcdef", 32)
        return f"  id = {h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if kind == 3:
        return f"// {words}"
    indent = " " * (2 * rng.randrange(0, 5))
    return f"{indent}{words}({rng.randrange(1000)}, {rng.choice(WORDS)}_{rng.randrange(99)});"


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    target = size_mb * 1024 * 1024
    written = 0
    n = 0
    exts = [".c", ".h", ".py", ".js", ".go", ".yaml", ".json", ".toml", ".md", ".txt"]
    while written < target:
        d = os.path.join(out, f"pkg{n // 200:03d}", f"mod{(n // 20) % 10}")
        os.makedirs(d, exist_ok=True)
        size = int(rng.lognormvariate(9.2, 1.1))  # median ~10 KB, a long tail
        lines = []
        length = 0
        while length < size:
            line = secret_line(rng) if rng.random() < 0.0005 else code_line(rng)
            lines.append(line)
            length += len(line) + 1
        text = "\n".join(lines) + "\n"
        with open(os.path.join(d, f"file{n}{rng.choice(exts)}"), "w") as f:
            f.write(text)
        written += len(text)
        n += 1
    print(f"{n} files, {written / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
