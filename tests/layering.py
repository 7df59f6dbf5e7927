#!/usr/bin/env python3
"""Fails when a source file includes a header from a folder it must not depend on.

rules/ <- codec/, lang/ <- scanner/ <- (git/, image/, redact/, scanner/sources/, reporters/,
policy/) <- cli/   (see ARCHITECTURE.md)
"""
import os
import re
import sys

ROOT = sys.argv[1]
# folder -> folders it may include from (besides itself)
ALLOWED = {
    "rules": set(),
    # byte formats below the engine: it knows nothing of rules, scans, sources or reports
    "codec": {"rules"},
    # what a path and a line say about a value (language, context, literal): self-contained
    "lang": set(),
    "scanner": {"rules", "codec", "lang"},
    "scanner/sources": {"rules", "codec", "scanner"},
    "git": {"rules", "codec", "scanner"},
    "image": {"rules", "codec", "scanner"},
    "redact": {"rules", "codec", "scanner"},
    "reporters": {"rules", "codec", "scanner"},
    "policy": {"rules", "codec", "scanner"},
    "cli": {"rules", "codec", "scanner", "scanner/sources", "git", "image", "redact",
            "reporters", "policy"},
}
# third-party headers that only some folders may use
FORBIDDEN_SYSTEM = {
    "rules": ["hs/", "re2/", "git2"],
    "codec": ["hs/", "re2/", "git2", "archive"],
    "lang": ["hs/", "re2/", "git2", "archive"],
    "scanner": ["git2"],
    "scanner/sources": ["git2"],
    "image": ["git2"],
    "redact": ["git2"],
    "reporters": ["git2", "hs/"],
    "policy": ["git2", "hs/"],
}


def folder_of(rel):
    parts = rel.split("/")
    if rel.startswith("scanner/sources/"):
        return "scanner/sources"
    return parts[0]


def main():
    errors = []
    for top in ALLOWED:
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if not name.endswith((".h", ".cpp")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
                own = folder_of(rel)
                if own != top:
                    continue
                text = open(os.path.join(ROOT, rel), errors="replace").read()
                for inc in re.findall(r'#include "([^"]+)"', text):
                    dep = folder_of(inc)
                    if dep != own and dep in ALLOWED and dep not in ALLOWED[own]:
                        errors.append(f"{rel}: includes {inc} ({own}/ must not depend on {dep}/)")
                for inc in re.findall(r"#include <([^>]+)>", text):
                    for bad in FORBIDDEN_SYSTEM.get(own, []):
                        if inc.startswith(bad):
                            errors.append(f"{rel}: includes <{inc}> (not allowed in {own}/)")
    for e in errors:
        print(e)
    print(f"{len(errors)} layering violations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
