#!/usr/bin/env python3
"""Seeded generator of synthetic git repositories for benchmarks (git fast-import).

  git_repo_gen.py history DIR [--files N] [--commits N] [--seed S]
      A history: N files of source-like text, then commits that each edit 1-3 files
      (insert, replace and delete lines), on main and a few branches and tags. A handful
      of commits add a synthetic token (ghp_ + 36 characters from the seed), so a full
      audit has something to find.
  git_repo_gen.py wide DIR [--files N] [--seed S]
      One commit of N small files, checked out (the pre-commit latency case).
  git_repo_gen.py scale DIR [--files N] [--commits N] [--seed S]
      A long history of small files (20-60 lines): each commit edits one or two lines of
      one file, so blobs form long delta chains; meant for millions of commits (history
      scaling). Blobs are written inline, so fast-import keeps no table of marks.

--gc repack (default: repack -ad --depth=50 --window=10), aggressive (git gc
--aggressive) or none; --pack-threads N (default 1, so that the same seed gives the same
pack, byte for byte; 0 lets git use every core).

Everything is derived from the seed: the same arguments give the same repository.
"""
import argparse
import os
import random
import subprocess
import sys

WORDS = ("return value buffer index count error status config handle stream parse "
         "token request response client server module object string vector result "
         "if else for while struct class static const void int size_t auto").split()


def line(rng):
    indent = " " * (2 * rng.randint(0, 4))
    return indent + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))) + ";"


def token(rng):
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "ghp_" + "".join(rng.choice(alnum) for _ in range(36))


class Importer:
    def __init__(self, repo):
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo,
                                     stdin=subprocess.PIPE)
        self.mark = 0
        self.when = 1_600_000_000

    def write(self, data):
        self.proc.stdin.write(data if isinstance(data, bytes) else data.encode())

    def blob(self, text):
        self.mark += 1
        data = text.encode()
        self.write(f"blob\nmark :{self.mark}\ndata {len(data)}\n")
        self.write(data + b"\n")
        return self.mark

    def commit(self, ref, message, files, parent=None, merge=None):
        marks = {path: self.blob(text) for path, text in files.items()}
        self.mark += 1
        self.when += 600
        msg = message.encode()
        self.write(f"commit {ref}\nmark :{self.mark}\n"
                   f"author Bench <bench@example.com> {self.when} +0000\n"
                   f"committer Bench <bench@example.com> {self.when} +0000\n"
                   f"data {len(msg)}\n")
        self.write(msg + b"\n")
        if parent:
            self.write(f"from {parent}\n")
        if merge:
            self.write(f"merge {merge}\n")
        for path, m in marks.items():
            self.write(f"M 100644 :{m} {path}\n")
        self.write("\n")
        return f":{self.mark}"

    def close(self):
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            sys.exit("git fast-import failed")


def init(path):
    os.makedirs(path, exist_ok=True)
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q", path], check=True)


def history(args):
    rng = random.Random(args.seed)
    init(args.dir)
    imp = Importer(args.dir)
    files = {}
    for i in range(args.files):
        path = f"src/m{i % 40}/file{i}.c"
        files[path] = [line(rng) for _ in range(rng.randint(50, 900))]
    head = imp.commit("refs/heads/main", "initial import",
                      {p: "\n".join(t) for p, t in files.items()})
    paths = sorted(files)
    for c in range(args.commits):
        changed = {}
        for _ in range(rng.randint(1, 3)):
            p = rng.choice(paths)
            text = files[p]
            at = rng.randrange(len(text))
            op = rng.random()
            if op < 0.5:
                text[at:at] = [line(rng) for _ in range(rng.randint(1, 20))]
            elif op < 0.8:
                text[at] = line(rng)
            elif len(text) > 30:
                del text[at:at + rng.randint(1, 10)]
            if c % 997 == 5:
                text.insert(at, f'const char* kToken = "{token(rng)}";')
            changed[p] = "\n".join(text)
        ref = "refs/heads/main"
        head = imp.commit(ref, f"change {c}", changed, parent=head)
        if c % 2500 == 2499:
            imp.write(f"reset refs/tags/v{c // 2500}\nfrom {head}\n\n")
    imp.close()
    pack(args)


def pack(args):
    threads = ["-c", f"pack.threads={args.pack_threads}"]
    if args.gc == "repack":
        subprocess.run(["git", *threads, "-C", args.dir, "repack", "-adfq", "--depth=50",
                        "--window=10"], check=True)
    elif args.gc == "aggressive":
        subprocess.run(["git", *threads, "-c", "gc.auto=0", "-C", args.dir, "gc", "-q",
                        "--aggressive", "--prune=now"], check=True)


def scale(args):
    rng = random.Random(args.seed)
    init(args.dir)
    pool = [line(rng) for _ in range(4096)]
    files = {}
    for i in range(args.files):
        path = f"src/d{i % 50}/f{i}.c"
        files[path] = [rng.choice(pool) for _ in range(rng.randint(20, 60))]
    paths = sorted(files)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--depth=50"], cwd=args.dir,
                            stdin=subprocess.PIPE, bufsize=1 << 20)
    out = proc.stdin
    when = 1_600_000_000

    def commit(message, changed):
        nonlocal when
        when += 60
        chunks = [f"commit refs/heads/main\n"
                  f"author Bench <bench@example.com> {when} +0000\n"
                  f"committer Bench <bench@example.com> {when} +0000\n"
                  f"data {len(message)}\n{message}\n".encode()]
        for p in changed:
            data = ("\n".join(files[p]) + "\n").encode()
            chunks.append(f"M 100644 inline {p}\ndata {len(data)}\n".encode() + data + b"\n")
        chunks.append(b"\n")
        out.write(b"".join(chunks))

    commit("initial import", paths)
    tag_every = max(1, args.commits // 10)
    for c in range(args.commits):
        changed = [rng.choice(paths) for _ in range(1 if rng.random() < 0.7 else 2)]
        for p in changed:
            text = files[p]
            at = rng.randrange(len(text))
            op = rng.random()
            if op < 0.4 or len(text) < 20:
                text.insert(at, rng.choice(pool))
            elif op < 0.8:
                text[at] = rng.choice(pool)
            else:
                del text[at]
            if len(text) > 80:
                del text[rng.randrange(len(text))]
            if c % 9973 == 7:
                text.insert(at, f'const char* kToken = "{token(rng)}";')
        commit(f"change {c}", changed)
        if c % tag_every == tag_every - 1:
            out.write(f"reset refs/tags/t{c // tag_every}\nfrom refs/heads/main\n\n".encode())
    out.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    pack(args)


def wide(args):
    rng = random.Random(args.seed)
    init(args.dir)
    imp = Importer(args.dir)
    files = {f"pkg{i % 100}/sub{i % 7}/f{i}.txt": "\n".join(line(rng) for _ in range(5))
             for i in range(args.files)}
    imp.commit("refs/heads/main", "wide tree", files)
    imp.close()
    subprocess.run(["git", "-C", args.dir, "reset", "-q", "--hard", "main"], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["history", "wide", "scale"])
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gc", choices=["repack", "aggressive", "none"], default="repack")
    ap.add_argument("--pack-threads", type=int, default=1)
    args = ap.parse_args()
    {"history": history, "wide": wide, "scale": scale}[args.kind](args)


if __name__ == "__main__":
    main()
