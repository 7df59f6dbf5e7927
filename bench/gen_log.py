#!/usr/bin/env python3
"""Writes a synthetic CI log of about SIZE bytes to stdout: timestamped lines of 3-14
words, with a synthetic GitHub token (valid format and checksum, random body) on one
line in EVERY (default 100000). Seeded, so every run writes the same bytes. Never a real
credential. Usage: gen_log.py SIZE_BYTES [SEED] [EVERY]"""
import random
import sys
import zlib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def token(rng):
    body = "".join(rng.choice(B62) for _ in range(30))
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        check, crc = B62[crc % 62] + check, crc // 62
    return "ghp_" + body + check


def main():
    size = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    every = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    words = ["INFO", "DEBUG", "step", "compiling", "src/main.cpp", "ok", "took", "12ms",
             "GET", "/api/v1/items", "200", "user=alice", "retry", "cache", "hit", "miss",
             "npm", "install", "done", "Downloading", "data", "kind", "-", "--verbose"]
    out, n, i = sys.stdout, 0, 0
    while n < size:
        line = "2026-11-23T05:%02d:%02d.%03dZ " % (i // 60000 % 60, i // 1000 % 60, i % 1000)
        line += " ".join(rng.choice(words) for _ in range(rng.randint(3, 14)))
        if i % every == every - 1:
            line += " token=" + token(rng)
        out.write(line + "\n")
        n += len(line) + 1
        i += 1


main()
