#!/usr/bin/env python3
"""Seeded generator of synthetic git repositories for benchmarks (git fast-import).

  git_repo_gen.py history DIR [--files N] [--commits N] [--seed S]
      A history: N files of source-like text, then commits that each edit 1-3 files
      (insert, replace and delete lines), on main and a few branches and tags. A handful
      of commits add a synthetic token (ghp_ + 36 characters from the seed), so a full
      audit has something to find.
  git_repo_gen.py wide DIR [--files N] [--seed S]
      One commit of N small files, checked out (the pre-commit latency case).

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
    subprocess.run(["git", "-C", args.dir, "repack", "-adq", "--depth=50", "--window=10"],
                   check=True)


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
    ap.add_argument("kind", choices=["history", "wide"])
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    (history if args.kind == "history" else wide)(args)


if __name__ == "__main__":
    main()
