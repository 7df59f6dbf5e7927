#!/usr/bin/env python3
"""Writes the seed inputs of the git_index fuzz target (fuzz/corpus/git_index/): index
files written by git itself for small synthetic repositories, in the target's layout
(a little-endian u16 length L, a shared index of L bytes, then an index). Each seed
covers a format the reader handles: version 2 with a cache tree, version 4 (prefix-
compressed paths), an unmerged path (stages 1-3), a split index with its shared index,
and a sparse index (directory entries, the sdir extension).
Needs git >= 2.27 (sparse index: 2.32). Index files hold timestamps, so the bytes
differ from run to run; the shapes do not."""
import os
import shutil
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "git_index")
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
ENV.update(GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Seed", GIT_AUTHOR_EMAIL="seed@example.com",
           GIT_COMMITTER_NAME="Seed", GIT_COMMITTER_EMAIL="seed@example.com",
           GIT_CONFIG_GLOBAL="/dev/null")


def git(repo, *args, check=True):
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                           *args], cwd=repo, env=ENV, check=check, capture_output=True)


def make_repo(root, name):
    repo = os.path.join(root, name)
    os.makedirs(repo)
    git(repo, "init", "-q")
    for rel, text in (("README", "hello\n"), ("a/one.txt", "1\n"), ("a/two.txt", "2\n"),
                      ("b/c/three.txt", "3\n"), ("b/four.txt", "4\n")):
        path = os.path.join(repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "root")
    return repo


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(name, index, shared=b""):
    assert len(shared) < 65536
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<H", len(shared)) + shared + index)


def main():
    root = tempfile.mkdtemp(prefix="keysift-index-seeds-")
    try:
        repo = make_repo(root, "v2")
        write("v2_cache_tree", read(os.path.join(repo, ".git", "index")))

        repo = make_repo(root, "v4")
        git(repo, "update-index", "--index-version", "4")
        write("v4", read(os.path.join(repo, ".git", "index")))

        repo = make_repo(root, "unmerged")
        git(repo, "checkout", "-qb", "side")
        with open(os.path.join(repo, "README"), "w") as f:
            f.write("side\n")
        git(repo, "commit", "-qam", "side")
        git(repo, "checkout", "-q", "main")
        with open(os.path.join(repo, "README"), "w") as f:
            f.write("main\n")
        git(repo, "commit", "-qam", "main")
        git(repo, "merge", "-q", "side", check=False)  # a conflict: stages 1, 2 and 3
        write("unmerged", read(os.path.join(repo, ".git", "index")))

        repo = make_repo(root, "split")
        git(repo, "update-index", "--split-index")
        with open(os.path.join(repo, "a", "one.txt"), "w") as f:
            f.write("changed\n")
        with open(os.path.join(repo, "new.txt"), "w") as f:
            f.write("new\n")
        git(repo, "rm", "-q", "b/four.txt")
        git(repo, "add", "-A")
        git_dir = os.path.join(repo, ".git")
        shared = [n for n in os.listdir(git_dir) if n.startswith("sharedindex.")]
        assert len(shared) == 1, shared
        write("split", read(os.path.join(git_dir, "index")),
              read(os.path.join(git_dir, shared[0])))

        repo = make_repo(root, "sparse")
        git(repo, "sparse-checkout", "init", "--cone", "--sparse-index")
        git(repo, "sparse-checkout", "set", "a")
        write("sparse", read(os.path.join(repo, ".git", "index")))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
