#!/usr/bin/env python3
"""The logic of keysift's GitHub Action (action.yml): chooses what to scan from the event
that started the workflow, runs keysift with a SARIF report, and hands the outcome to
the later steps (code scanning upload, verdict).

    keysift_action.py            the Scan step: plan, run, write outputs (always exits 0,
                                 so that the SARIF upload still runs after findings)
    keysift_action.py --verdict  the last step: fails the job on findings (unless
                                 fail-on-findings is false), an incomplete scan or an error

What each event scans (mode: auto):
  pull_request, pull_request_target  the PR's commits: base.sha..head.sha
  merge_group                        base_sha..head_sha
  push                               before..after. A new branch (before is all zeros)
                                     and a force push whose old tip is gone: the commits
                                     the default branch does not have; a new default
                                     branch (a repository's first push): its history; a
                                     deleted branch: nothing.
  schedule, workflow_dispatch        every ref's history
Commits the checkout lacks are fetched from origin by id; a checkout needs
`fetch-depth: 0` for ranges to be complete, and keysift fails (never passes) when a
base is missing.

Environment: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
(GitHub's), KEYSIFT (the binary), INPUT_MODE, INPUT_RANGE, INPUT_PATH, INPUT_ARGS,
INPUT_SARIF_FILE; for --verdict EXIT_CODE and INPUT_FAIL_ON_FINDINGS.
"""
import json
import os
import shlex
import subprocess
import sys

ZEROS = "0" * 40
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INCOMPLETE = 0, 1, 2, 3


class Plan:
    def __init__(self, args, why, nothing=False):
        self.args = args  # keysift arguments, report options excluded
        self.why = why  # one line for the log
        self.nothing = nothing  # nothing to scan (a deleted branch): clean


class Git:
    def __init__(self, repo):
        self.repo = repo

    def run(self, *args):
        return subprocess.run(["git", "-C", self.repo, *args], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)

    def has_commit(self, sha):
        return self.run("cat-file", "-e", f"{sha}^{{commit}}").returncode == 0

    def ensure_commit(self, sha):
        """Whether the commit is here, fetching it from origin by id if not."""
        if self.has_commit(sha):
            return True
        self.run("fetch", "--no-tags", "--quiet", "origin", sha)
        return self.has_commit(sha)

    def rev(self, name):
        r = self.run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        return r.stdout.strip() if r.returncode == 0 else None

    def merge_base(self, a, b):
        r = self.run("merge-base", a, b)
        return r.stdout.strip() if r.returncode == 0 else None


def new_commits_plan(git, after, payload, why):
    """The commits `after` adds to the default branch, or (on the default branch itself,
    or without it) the whole history reachable from `after`."""
    ref = payload.get("ref", "")
    default = (payload.get("repository") or {}).get("default_branch") or ""
    default_tip = git.rev(f"refs/remotes/origin/{default}") if default else None
    if default and ref != f"refs/heads/{default}" and default_tip:
        base = git.merge_base(default_tip, after)
        if base:
            return Plan(["git", "--range", f"{base}..{after}"],
                        f"{why}: the commits {default} does not have ({base[:12]}..{after[:12]})")
    return Plan(["git", "--branch", after], f"{why}: the history of {after[:12]}")


def push_plan(git, payload):
    before, after = payload.get("before", ""), payload.get("after", "")
    if not after or after == ZEROS or payload.get("deleted"):
        return Plan([], "push deleted a branch or tag: nothing to scan", nothing=True)
    if not git.ensure_commit(after):
        raise SystemExit(f"keysift: the pushed commit {after} is not in the checkout")
    if not before or before == ZEROS or payload.get("created"):
        return new_commits_plan(git, after, payload, "push created a branch")
    if not git.ensure_commit(before):
        return new_commits_plan(git, after, payload,
                                f"force push: the old tip {before[:12]} is gone")
    forced = " (force push)" if payload.get("forced") else ""
    return Plan(["git", "--range", f"{before}..{after}"], f"push{forced}: {before[:12]}..{after[:12]}")


def range_plan(git, base, head, what):
    for sha in (base, head):
        if not sha or not git.ensure_commit(sha):
            raise SystemExit(f"keysift: {what}: commit {sha!r} is not in the checkout "
                             "(check out with fetch-depth: 0)")
    return Plan(["git", "--range", f"{base}..{head}"], f"{what}: {base[:12]}..{head[:12]}")


def plan(event_name, payload, inputs, git):
    mode = inputs.get("mode") or "auto"
    if mode == "range":
        return Plan(["git", "--range", inputs["range"]], f"range {inputs['range']}")
    if mode == "history":
        return Plan(["git"], "history of every ref")
    if mode == "scan":
        return Plan(["scan", inputs.get("path") or "."], "files")
    if mode != "auto":
        raise SystemExit(f"keysift: unknown mode '{mode}' (auto, range, history, scan)")
    if event_name in ("pull_request", "pull_request_target"):
        pr = payload["pull_request"]
        return range_plan(git, pr["base"]["sha"], pr["head"]["sha"],
                          f"pull request #{payload.get('number', pr.get('number', '?'))}")
    if event_name == "merge_group":
        group = payload["merge_group"]
        return range_plan(git, group["base_sha"], group["head_sha"], "merge group")
    if event_name == "push":
        return push_plan(git, payload)
    if event_name in ("schedule", "workflow_dispatch"):
        return Plan(["git"], f"{event_name}: the history of every ref")
    raise SystemExit(f"keysift: event '{event_name}' has no automatic mode; set `mode:` "
                     "(range, history or scan)")


def escape_data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text):
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_results(sarif_path, summary_path):
    """Annotations and a step summary from the SARIF report; returns the result count, or
    None when the report is missing or unreadable."""
    try:
        with open(sarif_path, encoding="utf-8") as f:
            run = json.load(f)["runs"][0]
    except (OSError, ValueError, KeyError, IndexError):
        return None
    results = run.get("results", [])
    rows = []
    for i, r in enumerate(results):
        loc = r["locations"][0]["physicalLocation"]
        uri, line = loc["artifactLocation"]["uri"], loc["region"]["startLine"]
        where = (r.get("properties") or {}).get("commit", "")
        if i < 50:  # GitHub shows a handful per step; the SARIF upload has them all
            print(f"::error file={escape_property(uri)},line={line},"
                  f"title={escape_property('keysift: ' + r['ruleId'])}::"
                  f"{escape_data(r['message']['text'])}")
        rows.append(f"| `{r['ruleId']}` | `{uri}` | {line} | {where[:12]} |")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as f:
            f.write(f"### keysift: {len(results)} finding{'s' if len(results) != 1 else ''}\n\n")
            if rows:
                f.write("| rule | file | line | commit |\n| --- | --- | --- | --- |\n")
                f.write("\n".join(rows[:200]) + "\n")
                if len(rows) > 200:
                    f.write(f"\n… and {len(rows) - 200} more in the SARIF report.\n")
            for n in (run.get("invocations") or [{}])[0].get("toolExecutionNotifications", []):
                f.write(f"\n- {n['message']['text']}")
    return len(results)


def set_outputs(values):
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        for k, v in values.items():
            f.write(f"{k}={v}\n")


def scan():
    inputs = {k: os.environ.get("INPUT_" + k.upper().replace("-", "_"), "")
              for k in ("mode", "range", "path", "args", "sarif-file")}
    repo = inputs["path"] or "."
    sarif = os.path.abspath(inputs["sarif-file"] or "keysift.sarif")
    event_name = os.environ.get("GITHUB_EVENT_NAME", "")
    payload = {}
    if os.environ.get("GITHUB_EVENT_PATH"):
        with open(os.environ["GITHUB_EVENT_PATH"], encoding="utf-8") as f:
            payload = json.load(f)
    try:
        p = plan(event_name, payload, inputs, Git(repo))
    except SystemExit as e:
        print(f"::error title=keysift::{escape_data(str(e))}")
        set_outputs({"exit-code": EXIT_ERROR, "findings": 0, "sarif-file": ""})
        return 0
    print(f"keysift: {p.why}")
    if p.nothing:
        set_outputs({"exit-code": EXIT_CLEAN, "findings": 0, "sarif-file": ""})
        return 0
    args = list(p.args)
    if args[0] == "git":
        args.insert(1, repo)
    keysift = os.environ.get("KEYSIFT") or "keysift"
    cmd = [keysift, *args, "--format", "sarif", "--output", sarif,
           *shlex.split(inputs["args"])]
    print("keysift: running: " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    try:
        code = subprocess.run(cmd, stdin=subprocess.DEVNULL).returncode
    except OSError as e:
        print(f"::error title=keysift::cannot run {keysift}: {escape_data(str(e))}")
        code = EXIT_ERROR
    found = report_results(sarif, os.environ.get("GITHUB_STEP_SUMMARY"))
    if code in (EXIT_CLEAN, EXIT_FINDINGS) and found is None:
        code = EXIT_ERROR  # no readable report: never call it clean
    set_outputs({"exit-code": code, "findings": found or 0,
                 "sarif-file": sarif if found is not None else ""})
    return 0


def verdict():
    raw = os.environ.get("EXIT_CODE", "")
    code = int(raw) if raw.isdigit() else EXIT_ERROR
    fail_on_findings = os.environ.get("INPUT_FAIL_ON_FINDINGS", "true").lower() != "false"
    if code == EXIT_CLEAN:
        print("keysift: clean: everything asked for was scanned and nothing was found")
        return 0
    if code == EXIT_FINDINGS:
        print("::error title=keysift::secrets found (see the annotations, the job summary "
              "and code scanning); rotate them and remove them from the commits")
        return 1 if fail_on_findings else 0
    if code == EXIT_INCOMPLETE:
        print("::error title=keysift::the scan is incomplete (part of the input could not be "
              "read); it is not a pass")
        return 1
    print(f"::error title=keysift::keysift failed (exit code {raw or 'missing'})")
    return 1


if __name__ == "__main__":
    sys.exit(verdict() if sys.argv[1:] == ["--verdict"] else scan())
