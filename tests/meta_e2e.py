#!/usr/bin/env python3
"""End-to-end tests of what surrounds a scan: `keysift --version`, the man page and the
shell completions (generated from the same CLI11 definitions as --help), and
`keysift rules example`.

Usage: meta_e2e.py KEYSIFT_BINARY SOURCE_DIR BUILD_DIR   (run by ctest)
"""
import os
import re
import subprocess
import sys
import unittest

KEYSIFT = ""
SOURCE = ""
BUILD = ""


def run(args, **kw):
    return subprocess.run([KEYSIFT] + args, capture_output=True, text=True, timeout=120, **kw)


def project_version():
    text = open(os.path.join(SOURCE, "CMakeLists.txt")).read()
    return re.search(r"project\(keysift VERSION ([0-9.]+)", text).group(1)


class Version(unittest.TestCase):
    def test_names_keysift_its_rules_and_libraries(self):
        r = run(["--version"])
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], f"keysift {project_version()}")
        listed = run(["rules", "list"]).stdout.splitlines()[-1]
        count = int(re.fullmatch(r"(\d+) rules", listed).group(1))
        self.assertRegex(lines[1], rf"^rules: built-in, {count} rules, pack [0-9a-f]{{16}}$")
        self.assertRegex(r.stdout, r"\nHyperscan \d+\.\d+\.\d+")
        self.assertRegex(r.stdout, r"\nRE2 \d{8}")  # RE2 numbers its releases by date
        self.assertRegex(r.stdout, r"\nlibgit2 \d+\.\d+\.\d+\n")
        self.assertRegex(r.stdout, r"\nlibarchive \d+\.\d+\.\d+, zlib \d[\d.]+, zstd \d[\d.]+\n")
        self.assertRegex(lines[-1], r"^build: (portable \(static\)|linked to shared libraries)$")


def main():
    global KEYSIFT, SOURCE, BUILD
    KEYSIFT, SOURCE, BUILD = (os.path.abspath(a) for a in sys.argv[1:4])
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
