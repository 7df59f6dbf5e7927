#!/usr/bin/env python3
"""Prints synthetic GitHub-style tokens (ghp_ + 30 base62 + base62 CRC32), one per seed.

Never a real credential: the body comes from Python's seeded PRNG.
Usage: ghp_token.py SEED [SEED...]
"""
import random
import sys
import zlib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def token(seed: str) -> str:
    rng = random.Random(seed)
    return with_checksum("".join(rng.choice(B62) for _ in range(30)))


def with_checksum(body: str) -> str:
    """ghp_ + the 30-character body + its base62 CRC32 (what the rule checks)."""
    crc = zlib.crc32(body.encode())
    check = ""
    for _ in range(6):
        check = B62[crc % 62] + check
        crc //= 62
    return "ghp_" + body + check


if __name__ == "__main__":
    for s in sys.argv[1:]:
        print(token(s))
