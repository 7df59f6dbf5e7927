#!/usr/bin/env python3
"""Round-trip latency of a line through a filter: writes one line, waits until it comes
back on the filter's stdout, repeats. Prints median and p99 in microseconds.
Usage: redact_latency.py LINES COMMAND [ARGS...]"""
import os
import statistics
import subprocess
import sys
import time

lines = int(sys.argv[1])
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
time.sleep(1.5)  # let the filter start (keysift compiles its rules first)
rtt = []
for i in range(lines):
    line = b"2026-11-23T05:00:00.000Z step %d compiling src/main.cpp ok took 12ms\n" % i
    t0 = time.perf_counter()
    p.stdin.write(line)
    got = b""
    while not got.endswith(b"\n"):
        got += os.read(p.stdout.fileno(), 65536)
    rtt.append((time.perf_counter() - t0) * 1e6)
    assert got == line, (got, line)
p.stdin.close()
p.wait()
rtt.sort()
print("median_us=%.1f p99_us=%.1f" % (statistics.median(rtt), rtt[int(len(rtt) * 0.99)]))
