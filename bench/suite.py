#!/usr/bin/env python3
"""keysift's benchmark suite (issue 16): every input generated from a seed, every figure
beside its floor and beside gitleaks, measured in the same run.

  bench/suite.py [--seed S] [--scale small|full] [--out FILE] [--dir D] [--keysift BIN]
                 [--tree DIR] [--repo GIT_DIR] [--image OCI_OR_TAR] [--log FILE]
                 [--only tree,repo,image,log] [--runs N] [--threads 1,2] [--gitleaks BIN|none]
  bench/suite.py --generate-only [--seed S] [--scale small|full] [--dir D]
  bench/suite.py --scaling 10000,100000,1000000 [--dir D] [--out FILE] [--threads 2]

Inputs (generated under --dir, default /work/scratch/bench/suite, unless given):
  tree   corpus/generate.py: a source-like tree, 200 MiB at full scale
  repo   corpus/git_repo_gen.py history: 6,000 commits that each edit a few lines of 1-3
         of 400 files, then `git gc --aggressive` (one pack thread, so the pack is the same
         byte for byte), at full scale
  image  bench/gen_image.py: an OCI layout of 4 gzip layers, 320 MB uncompressed, with a
         file deleted by a later layer (whiteout) and a token in the config, at full scale
  log    bench/gen_log.py: a 1 GB CI log
Every secret in them is built from the seed (never a real credential). The same seed gives
the same bytes: the report prints each input's fingerprint (a SHA-256 over its content:
the tree's paths and bytes, the repository's refs and pack files, the image's index.json,
the log), and `--generate-only` prints them without measuring.

Jobs, each under /usr/bin/time (wall, user+sys CPU, peak RSS of the largest process):
  tree   floor `find DIR -type f -exec cat {} +`; keysift scan DIR -j N; gitleaks dir
  repo   floor `git cat-file --batch-all-objects --batch --unordered`; keysift git -j N;
         gitleaks git
  image  floor: every layer decompressed and untarred to /dev/null (`tar -xzOf`, one layer
         after the other); keysift image -j N (gitleaks has no image mode)
  log    floor `cat LOG`; keysift scan - -j N < LOG; keysift redact < LOG; gitleaks stdin
N runs over --threads (default 1,2). With --runs R each job runs R times and the run with
the least wall time is kept. On a busy machine (load average > 1 at the start, said in
the report) wall time is noise: compare CPU and the ratios.

--scaling SIZES: history audits of corpus/git_repo_gen.py `scale` repositories (small files,
one or two lines changed per commit) of each size in commits: the floor and keysift git's
wall, CPU and peak RSS, per commit and per object, to see whether time is linear in the
history and memory bounded.

--scale small makes tiny inputs (seconds in all): the smoke test (tests/bench_suite_e2e.py)
runs the whole suite that way and checks every row.
"""
import argparse
import datetime
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = sys.executable or "/usr/bin/python3"
GITLEAKS_DEFAULT = "/work/tools/gitleaks/usr/bin/gitleaks"
INPUTS = ("tree", "repo", "image", "log")

# Sizes per scale: tree MiB, repo (files, commits), image MB, log bytes and token spacing.
SCALES = {
    "full": {"tree_mb": 200, "repo_files": 400, "repo_commits": 6000, "image_mb": 320,
             "log_bytes": 1_000_000_000, "log_every": 100000},
    "small": {"tree_mb": 2, "repo_files": 30, "repo_commits": 120, "image_mb": 4,
              "log_bytes": 3_000_000, "log_every": 2000},
}


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def out(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout.strip()


# ---------------------------------------------------------------- generation


def fingerprint_tree(path):
    h = hashlib.sha256()
    for base, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(base, name)
            h.update(os.path.relpath(full, path).encode() + b"\0")
            with open(full, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def fingerprint_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def git_dir(repo):
    return out(["git", "-C", repo, "rev-parse", "--absolute-git-dir"])


def fingerprint_repo(repo):
    h = hashlib.sha256()
    h.update(out(["git", "-C", repo, "for-each-ref", "--format=%(objectname) %(refname)"]).encode())
    packs = os.path.join(git_dir(repo), "objects", "pack")
    for name in sorted(os.listdir(packs)):
        if name.endswith(".pack"):
            h.update(name.encode() + b"\0" + bytes.fromhex(fingerprint_file(os.path.join(packs, name))))
    return h.hexdigest()


def fingerprint_image(path):
    return fingerprint_file(os.path.join(path, "index.json"))


FINGERPRINT = {"tree": fingerprint_tree, "repo": fingerprint_repo, "image": fingerprint_image,
               "log": fingerprint_file}


def generate(kind, dest, seed, sizes):
    """Writes input `kind` at dest (unless a finished one is there) and returns
    (fingerprint, the command that made it)."""
    done = dest + ".done"
    if kind == "tree":
        cmd = [PY, os.path.join(ROOT, "corpus", "generate.py"), dest, str(sizes["tree_mb"]), str(seed)]
    elif kind == "repo":
        cmd = [PY, os.path.join(ROOT, "corpus", "git_repo_gen.py"), "history", dest,
               "--files", str(sizes["repo_files"]), "--commits", str(sizes["repo_commits"]),
               "--seed", str(seed), "--gc", "aggressive", "--pack-threads", "1"]
    elif kind == "image":
        cmd = [PY, os.path.join(HERE, "gen_image.py"), dest, str(sizes["image_mb"]), str(seed)]
    else:
        cmd = [PY, os.path.join(HERE, "gen_log.py"), str(sizes["log_bytes"]), str(seed),
               str(sizes["log_every"])]
    shown = " ".join(["python3"] + [os.path.relpath(c, ROOT) if c.startswith(ROOT) else shlex.quote(c)
                                     for c in cmd[1:]]) + (f" > {dest}" if kind == "log" else "")
    if os.path.exists(done):
        with open(done) as f:
            return f.read().strip(), shown
    if os.path.lexists(dest):
        shutil.rmtree(dest) if os.path.isdir(dest) else os.unlink(dest)
    print(f"suite: generating {kind}: {shown}", file=sys.stderr, flush=True)
    if kind == "log":
        with open(dest, "wb") as f:
            sh(cmd, stdout=f)
    else:
        sh(cmd, stdout=subprocess.DEVNULL)
    fp = FINGERPRINT[kind](dest)
    with open(done, "w") as f:
        f.write(fp + "\n")
    return fp, shown


# ---------------------------------------------------------------- measuring


class Row:
    def __init__(self, inp, run, threads, cmd):
        self.input, self.run, self.threads, self.cmd = inp, run, threads, cmd
        self.wall = self.cpu = self.rss_mb = None
        self.findings = "—"
        self.error = None


def timed(cmd, stdin=None, env=None, runs=1):
    """Runs cmd (a list, or a string for sh -c) `runs` times under /usr/bin/time; returns
    (wall, user+sys, peak RSS MB, exit code) of the run with the least wall time."""
    best = None
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
            argv = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name]
            argv += ["sh", "-c", cmd] if isinstance(cmd, str) else cmd
            with open(stdin, "rb") if stdin else open(os.devnull, "rb") as i:
                p = subprocess.run(argv, stdin=i, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env=env)
            fields = t.read().split()
        # time(1) writes "Command exited with non-zero status N" before its figures.
        e, u, s, m = (float(x) for x in fields[-4:])
        result = (e, u + s, m / 1024, p.returncode, p.stderr.decode(errors="replace")[-2000:])
        if best is None or result[0] < best[0]:
            best = result
    return best


def keysift_findings(report):
    with open(report) as f:
        r = json.load(f)
    status = r.get("stats", {}).get("status")
    return len(r["findings"]), status


def gitleaks_findings(report):
    with open(report) as f:
        return len(json.load(f) or [])


def image_layers(image, scratch):
    """[(blob path, tar flags)] of an image's layers: an OCI layout directory (its first
    manifest, through nested indexes), or a docker-archive / OCI tar (unpacked once)."""
    if os.path.isfile(image):
        unpacked = os.path.join(scratch, "image-unpacked")
        if not os.path.isdir(unpacked):
            os.makedirs(unpacked)
            with tarfile.open(image) as t:
                t.extractall(unpacked)
        image = unpacked
    if os.path.exists(os.path.join(image, "manifest.json")) and not os.path.exists(
            os.path.join(image, "index.json")):
        with open(os.path.join(image, "manifest.json")) as f:
            layers = json.load(f)[0]["Layers"]
        return [(os.path.join(image, layer), "") for layer in layers]

    def blob(digest):
        return os.path.join(image, "blobs", *digest.split(":", 1))

    with open(os.path.join(image, "index.json")) as f:
        desc = json.load(f)["manifests"][0]
    while "index" in desc["mediaType"] or "list" in desc["mediaType"]:
        with open(blob(desc["digest"])) as f:
            desc = json.load(f)["manifests"][0]
    with open(blob(desc["digest"])) as f:
        manifest = json.load(f)
    flags = lambda mt: "--zstd" if "zstd" in mt else ("-z" if "gzip" in mt else "")  # noqa: E731
    return [(blob(layer["digest"]), flags(layer["mediaType"])) for layer in manifest["layers"]]


def input_bytes(kind, path, scratch):
    if kind == "tree":
        total = 0
        for base, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d != ".git"]
            total += sum(os.lstat(os.path.join(base, f)).st_size for f in files)
        return total
    if kind == "log":
        return os.path.getsize(path)
    if kind == "image":
        return sum(int(out(["sh", "-c", f"tar {fl} -xOf {shlex.quote(b)} | wc -c"]))
                   for b, fl in image_layers(path, scratch))
    return None


def measure(kind, path, args, scratch, gitleaks):
    """Every row of one input, floor first."""
    rows = []
    ks = args.keysift
    report = os.path.join(scratch, f"{kind}.json")
    q = shlex.quote(path)

    def run(name, threads, cmd, stdin=None, findings=None, env=None):
        row = Row(kind, name, threads, cmd if isinstance(cmd, str) else " ".join(shlex.quote(c) for c in cmd))
        if stdin:
            row.cmd += f" < {stdin}"
        print(f"suite: {kind}: {name} -j {threads}: {row.cmd}", file=sys.stderr, flush=True)
        if os.path.exists(report):
            os.unlink(report)
        row.wall, row.cpu, row.rss_mb, rc, err = timed(cmd, stdin, env, args.runs)
        ok = rc in (0, 1)  # keysift: 1 = findings
        if not ok:
            row.error = f"exit {rc}: {err.strip().splitlines()[-1] if err.strip() else ''}"
        elif findings:
            try:
                row.findings = findings()
            except (OSError, ValueError, KeyError) as e:
                row.error = f"no report: {e}"
        rows.append(row)

    def ks_count():
        n, status = keysift_findings(report)
        return f"{n}" if status in (None, "complete") else f"{n} ({status})"

    gl_count = lambda: str(gitleaks_findings(report))  # noqa: E731
    gl = [gitleaks, "--no-banner", "--log-level", "error", "--exit-code", "0",
          "--report-format", "json", "--report-path", report] if gitleaks else None

    if kind == "tree":
        floor = f"find {q} -name .git -prune -o -type f -exec cat {{}} + >/dev/null"
        sh(["sh", "-c", floor])  # warm the page cache
        run("floor: cat every file", 1, floor)
        for j in args.threads:
            run("keysift scan DIR", j, [ks, "scan", path, "-j", str(j), "-f", "json", "-o", report],
                findings=ks_count)
        if gl:
            run("gitleaks dir", "all", [gl[0], "dir", path] + gl[1:], findings=gl_count)
    elif kind == "repo":
        floor = ["git", "-C", path, "cat-file", "--batch-all-objects", "--batch", "--unordered"]
        sh(floor, stdout=subprocess.DEVNULL)
        run("floor: git cat-file --batch-all-objects --batch --unordered", 1, floor)
        for j in args.threads:
            run("keysift git (history)", j, [ks, "git", path, "-j", str(j), "-f", "json", "-o", report],
                findings=ks_count)
        if gl:
            run("gitleaks git", "all", [gl[0], "git", path] + gl[1:], findings=gl_count)
    elif kind == "image":
        layers = image_layers(path, scratch)
        floor = "for b in " + " ".join(f"{fl}:{shlex.quote(b)}" for b, fl in layers) + \
            '; do tar ${b%%:*} -xOf "${b#*:}"; done >/dev/null'
        sh(["sh", "-c", floor])
        run("floor: decompress + untar every layer", 1, floor)
        for j in args.threads:
            run("keysift image", j, [ks, "image", path, "-j", str(j), "-f", "json", "-o", report],
                findings=ks_count)
    else:
        sh(["sh", "-c", f"cat {q} >/dev/null"])
        run("floor: cat LOG", 1, ["cat", path])
        for j in args.threads:
            run("keysift scan - (stdin)", j, [ks, "scan", "-", "-j", str(j), "-f", "json", "-o", report],
                stdin=path, findings=ks_count)
        def masked_lines():  # an untimed second run: lines redact changed
            masked = os.path.join(scratch, "redacted.log")
            subprocess.run(["sh", "-c", f"{shlex.quote(ks)} redact < {q} > {shlex.quote(masked)}"])
            n = count_masked(path, masked)
            os.unlink(masked)
            return f"{n} lines"

        run("keysift redact", 1, [ks, "redact"], stdin=path, findings=masked_lines)
        if gl:
            run("gitleaks stdin", "all", [gl[0], "stdin"] + gl[1:], stdin=path, findings=gl_count)
    return rows


def count_masked(original, masked):
    """Lines redact changed (each holds at least one masked secret)."""
    n = 0
    with open(original, "rb") as a, open(masked, "rb") as b:
        for x, y in zip(a, b):
            n += x != y
    return n


# ---------------------------------------------------------------- report


def machine(args):
    load = os.getloadavg()
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    mem = next(int(ln.split()[1]) for ln in open("/proc/meminfo") if ln.startswith("MemTotal"))
    return load, cpu, mem / 1e6


def keysift_commit():
    try:
        head = out(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"])
        dirty = out(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"])
        return head + (" (uncommitted changes)" if dirty else "")
    except subprocess.CalledProcessError:
        return "unknown"


def fmt(x, digits=2):
    return "—" if x is None else f"{x:.{digits}f}"


def header(args, load, lines):
    load_start, cpu, mem = load
    busy = load_start[0] > 1
    lines += [
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} cores ({cpu}), {mem:.0f} GB; load average at the start "
        f"{load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}"
        + (" — **busy machine**: wall times are noise, compare CPU and ratios" if busy else " (quiet)"),
        f"- keysift: {out([args.keysift, '--version']).splitlines()[0]}, binary {args.keysift}, "
        f"source commit {keysift_commit()}",
        f"- {out(['git', '--version'])}; Python {sys.version.split()[0]} (the generators)",
    ]


def write_suite_report(args, load, inputs, rows, gitleaks_note, elapsed):
    lines = [f"# keysift benchmark suite (seed {args.seed}, scale {args.scale})", ""]
    header(args, load, lines)
    lines += [f"- gitleaks: {gitleaks_note}",
              f"- command: `{' '.join(shlex.quote(a) for a in sys.argv)}` ({elapsed / 60:.1f} min)",
              f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", "",
              "## Inputs", "", "| input | path | size | how | fingerprint (sha256) |",
              "| --- | --- | --- | --- | --- |"]
    for kind, info in inputs.items():
        lines.append(f"| {kind} | `{info['path']}` | {info['size']} | {info['how']} | "
                     f"`{info['fingerprint'][:16]}` |")
    lines += ["", "## Figures", "",
              "Each keysift and gitleaks row beside its floor (the first row of its input), "
              "measured in the same run. CPU = user+sys; RSS = the peak of the largest process; "
              "MB/s = uncompressed input bytes per wall second.", "",
              "| input | run | threads | wall s | CPU s | peak RSS MB | findings | MB/s | wall / floor | CPU / floor |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind in inputs:
        mine = [r for r in rows if r.input == kind]
        floor = mine[0]
        nbytes = inputs[kind]["bytes"]
        for r in mine:
            if r.error:
                lines.append(f"| {kind} | {r.run} | {r.threads} | FAILED: {r.error} | | | | | | |")
                continue
            mbps = fmt(nbytes / 1e6 / r.wall, 0) if nbytes and r.wall else "—"
            rw = fmt(r.wall / floor.wall) if floor.wall and r is not floor else "—"
            rc = fmt(r.cpu / floor.cpu) if floor.cpu and r is not floor else "—"
            lines.append(f"| {kind} | {r.run} | {r.threads} | {fmt(r.wall)} | {fmt(r.cpu)} | "
                         f"{fmt(r.rss_mb, 0)} | {r.findings} | {mbps} | {rw} | {rc} |")
    lines += ["", "## 1 → 2 threads", "",
              "| input | keysift job | wall -j 1 / wall -j 2 | CPU -j 2 / CPU -j 1 |",
              "| --- | --- | ---: | ---: |"]
    for kind in inputs:
        by = {}
        for r in rows:
            if r.input == kind and r.run.startswith("keysift") and r.threads in (1, 2) and not r.error:
                by.setdefault(r.run, {})[r.threads] = r
        for name, t in by.items():
            if 1 in t and 2 in t:
                lines.append(f"| {kind} | {name} | {fmt(t[1].wall / t[2].wall)} | "
                             f"{fmt(t[2].cpu / t[1].cpu)} |")
    lines += ["", "## Commands", ""]
    for r in rows:
        lines.append(f"- {r.input}, {r.run}, {r.threads}: `{r.cmd}`")
    lines.append("")
    return "\n".join(lines)


def inputs_for(args):
    sizes = SCALES[args.scale]
    base = os.path.join(args.dir, f"seed{args.seed}-{args.scale}")
    os.makedirs(base, exist_ok=True)
    given = {"tree": args.tree, "repo": args.repo, "image": args.image, "log": args.log}
    result = {}
    for kind in args.only:
        if given[kind]:
            path = os.path.abspath(given[kind])
            result[kind] = {"path": path, "how": "given", "fingerprint": FINGERPRINT[kind](path)
                            if kind != "image" or os.path.isdir(path) else fingerprint_file(path)}
        else:
            path = os.path.join(base, kind)
            fp, how = generate(kind, path, args.seed, sizes)
            result[kind] = {"path": path, "how": f"`{how}`", "fingerprint": fp}
    return result


def describe(kind, path, scratch):
    nbytes = input_bytes(kind, path, scratch)
    if kind == "repo":
        commits = int(out(["git", "-C", path, "rev-list", "--all", "--count"]))
        objs = out(["git", "-C", path, "count-objects", "-v"])
        c = dict(line.split(": ") for line in objs.splitlines())
        blobs = int(out(["sh", "-c", f"git -C {shlex.quote(path)} cat-file --batch-all-objects "
                         "--batch-check='%(objecttype)' | grep -c blob"]))
        depth = out(["sh", "-c", f"git -C {shlex.quote(path)} verify-pack -v "
                     f"{shlex.quote(git_dir(path))}/objects/pack/*.idx | "
                     "awk '/^chain length/ {n=$4} END {print n+0}'"])
        return None, (f"{commits:,} commits, {int(c['in-pack']):,} objects ({blobs:,} blobs), "
                      f"pack {int(c['size-pack']) / 1024:.1f} MB, longest delta chain {depth}")
    if kind == "tree":
        files = sum(len(f) for _, _, f in os.walk(path))
        return nbytes, f"{nbytes / 1e6:.1f} MB, {files:,} files"
    if kind == "image":
        layers = image_layers(path, scratch)
        comp = sum(os.path.getsize(b) for b, _ in layers)
        return nbytes, f"{nbytes / 1e6:.1f} MB uncompressed in {len(layers)} layers ({comp / 1e6:.1f} MB compressed)"
    return nbytes, f"{nbytes / 1e6:.1f} MB"


def suite(args):
    load = (os.getloadavg(), *machine(args)[1:])
    start = datetime.datetime.now()
    inputs = inputs_for(args)
    if args.generate_only:
        print(json.dumps({k: v["fingerprint"] for k, v in inputs.items()}, sort_keys=True))
        return 0
    gitleaks = None
    if args.gitleaks != "none" and os.access(args.gitleaks, os.X_OK):
        gitleaks = args.gitleaks
        version = out([gitleaks, "version"])
        note = f"`{gitleaks}` ({version}; Go, uses every core; no image mode)"
    else:
        note = f"not available ({args.gitleaks}): its rows are skipped"
    scratch = tempfile.mkdtemp(prefix="suite-", dir=args.dir)
    rows = []
    try:
        for kind, info in inputs.items():
            info["bytes"], info["size"] = describe(kind, info["path"], scratch)
            rows += measure(kind, info["path"], args, scratch, gitleaks)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = write_suite_report(args, load, inputs, rows, note, (datetime.datetime.now() - start).total_seconds())
    write(args.out, text)
    return 1 if any(r.error for r in rows) else 0


def write(path, text):
    if path:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        print(f"suite: wrote {path}", file=sys.stderr)
    print(text)


# ---------------------------------------------------------------- scaling


def scaling(args):
    load = (os.getloadavg(), *machine(args)[1:])
    start = datetime.datetime.now()
    base = os.path.join(args.dir, "scale")
    os.makedirs(base, exist_ok=True)
    rows = []
    for n in args.scaling:
        repo = os.path.join(base, f"c{n}" + ("" if args.scaling_gc == "repack" else f"-{args.scaling_gc}"))
        cmd = [PY, os.path.join(ROOT, "corpus", "git_repo_gen.py"), "scale", repo, "--commits", str(n),
               "--files", "1000", "--seed", str(args.seed), "--gc", args.scaling_gc]
        if not os.path.exists(repo + ".done"):
            if os.path.exists(repo):
                shutil.rmtree(repo)
            print(f"suite: generating {' '.join(cmd)}", file=sys.stderr, flush=True)
            sh(cmd, stdout=subprocess.DEVNULL)
            with open(repo + ".done", "w") as f:
                f.write(fingerprint_repo(repo) + "\n")
        commits = int(out(["git", "-C", repo, "rev-list", "--all", "--count"]))
        c = dict(line.split(": ") for line in out(["git", "-C", repo, "count-objects", "-v"]).splitlines())
        objects, pack_mb = int(c["in-pack"]) + int(c["count"]), int(c["size-pack"]) / 1024
        floor = ["git", "-C", repo, "cat-file", "--batch-all-objects", "--batch", "--unordered"]
        # Warm the page cache with the packs' bytes (a full cat-file pass costs minutes at 1M).
        sh(["sh", "-c", f"cat {shlex.quote(git_dir(repo))}/objects/pack/*.pack >/dev/null"])
        fl = timed(floor, runs=args.runs)
        shown = " ".join(["python3"] + [os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd[1:]])
        entry = {"n": n, "commits": commits, "objects": objects, "pack_mb": pack_mb, "floor": fl,
                 "cmd": shown, "ks": {}}
        for j in args.threads:
            report = os.path.join(base, f"c{n}-j{j}.json")
            kcmd = [args.keysift, "git", repo, "-j", str(j), "-f", "json", "-o", report]
            print(f"suite: scaling: {' '.join(kcmd)}", file=sys.stderr, flush=True)
            r = timed(kcmd, runs=args.runs)
            found, status = keysift_findings(report) if r[3] in (0, 1) else (f"exit {r[3]}", "")
            entry["ks"][j] = (r, found, status)
        rows.append(entry)
    lines = ["# History audit scaling: generated repositories of three sizes", ""]
    header(args, load, lines)
    lines += [f"- command: `{' '.join(shlex.quote(a) for a in sys.argv)}` "
              f"({(datetime.datetime.now() - start).total_seconds() / 60:.1f} min)",
              f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
              "- repositories: `corpus/git_repo_gen.py scale` (1,000 files of 20-60 lines in 50 "
              "directories; each commit changes one or two lines of one or two files; a tag every "
              "tenth of the history; " + ("`git repack -adf --depth=50 --window=10`, one thread)"
                                          if args.scaling_gc == "repack" else
                                          "packed as `git fast-import` wrote it: trees as deltas of their "
                                          "previous version, blobs of the blob before them, no repack)"), "",
              "| commits | objects | pack MB | run | wall s | CPU s | peak RSS MB | CPU µs / commit | "
              "CPU µs / object | findings |",
              "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for e in rows:
        fl = e["floor"]
        lines.append(f"| {e['commits']:,} | {e['objects']:,} | {e['pack_mb']:.0f} | floor: git cat-file | "
                     f"{fmt(fl[0])} | {fmt(fl[1])} | {fmt(fl[2], 0)} | {fmt(fl[1] / e['commits'] * 1e6, 1)} | "
                     f"{fmt(fl[1] / e['objects'] * 1e6, 2)} | — |")
        for j, (r, found, status) in e["ks"].items():
            extra = "" if status in (None, "complete", "") else f" ({status})"
            lines.append(f"| {e['commits']:,} | {e['objects']:,} | {e['pack_mb']:.0f} | keysift git -j {j} | "
                         f"{fmt(r[0])} | {fmt(r[1])} | {fmt(r[2], 0)} | {fmt(r[1] / e['commits'] * 1e6, 1)} | "
                         f"{fmt(r[1] / e['objects'] * 1e6, 2)} | {found}{extra} |")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        lines += ["", f"From {a['commits']:,} to {b['commits']:,} commits "
                  f"(×{b['commits'] / a['commits']:.0f}; objects ×{b['objects'] / a['objects']:.1f}):"]
        for j in args.threads:
            ra, rb = a["ks"][j][0], b["ks"][j][0]
            lines.append(f"- keysift git -j {j}: CPU ×{rb[1] / max(ra[1], 0.01):.1f}, wall ×"
                         f"{rb[0] / max(ra[0], 0.01):.1f}, peak RSS ×{rb[2] / ra[2]:.1f} "
                         f"({ra[2]:.0f} → {rb[2]:.0f} MB)")
        lines.append(f"- floor: CPU ×{b['floor'][1] / max(a['floor'][1], 0.01):.1f}, peak RSS "
                     f"{a['floor'][2]:.0f} → {b['floor'][2]:.0f} MB")
    lines += ["", "Generators:", ""] + [f"- `{e['cmd']}`" for e in rows] + [""]
    write(args.out, "\n".join(lines))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", choices=sorted(SCALES), default="full")
    ap.add_argument("--out", help="markdown report (default: stdout only)")
    ap.add_argument("--dir", default="/work/scratch/bench/suite", help="where inputs are generated")
    ap.add_argument("--keysift", default=None, help="keysift binary (default build/rel/cli/keysift)")
    ap.add_argument("--tree")
    ap.add_argument("--repo")
    ap.add_argument("--image", help="an OCI layout directory, or a docker-archive / OCI tar")
    ap.add_argument("--log")
    ap.add_argument("--only", default=",".join(INPUTS))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--gitleaks", default=os.environ.get("GITLEAKS", GITLEAKS_DEFAULT))
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--scaling", help="comma-separated commit counts: the scaling mode")
    ap.add_argument("--scaling-gc", choices=["repack", "none"], default="repack",
                    help="how the scaling repositories are packed (none: as fast-import wrote them)")
    args = ap.parse_args()
    args.only = [k for k in args.only.split(",") if k]
    if any(k not in INPUTS for k in args.only):
        ap.error(f"--only takes {','.join(INPUTS)}")
    args.threads = [int(t) for t in args.threads.split(",")]
    args.dir = os.path.abspath(args.dir)
    os.makedirs(args.dir, exist_ok=True)
    if not args.generate_only:
        for cand in [args.keysift, os.path.join(ROOT, "build/rel/cli/keysift"),
                     os.path.join(ROOT, "build/release/cli/keysift")]:
            if cand and os.access(cand, os.X_OK):
                args.keysift = os.path.abspath(cand)
                break
        else:
            ap.error("no keysift binary: build Release (build/rel) or pass --keysift")
    if args.scaling:
        args.scaling = [int(n) for n in args.scaling.split(",")]
        return scaling(args)
    return suite(args)


if __name__ == "__main__":
    sys.exit(main())
