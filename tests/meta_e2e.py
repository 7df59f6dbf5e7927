#!/usr/bin/env python3
"""End-to-end tests of what surrounds a scan: `keysift --version`, the man page and the
shell completions (generated from the same CLI11 definitions as --help), and
`keysift rules example`.

Usage: meta_e2e.py KEYSIFT_BINARY SOURCE_DIR BUILD_DIR   (run by ctest)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zlib

KEYSIFT = ""
SOURCE = ""
BUILD = ""


def run(args, **kw):
    return subprocess.run([KEYSIFT] + args, capture_output=True, text=True, timeout=120, **kw)


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        text = f.read()
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


def help_tree():
    """{command path: {"options": set of names, "subcommands": set}} read from the text of
    `keysift ... --help` alone: the reference the man page and completions must match."""
    tree = {}

    def visit(path):
        r = run(list(path) + ["--help"])
        assert r.returncode == 0, r.stderr
        entry = {"options": set(), "subcommands": set(), "positionals": set(), "choices": {}}
        section = None
        for line in r.stdout.splitlines():
            if re.fullmatch(r"(Positionals|Options|Subcommands):", line):
                section = line[:-1]
            elif section and re.match(r"  \S", line):
                first = line.split()[0]
                if section == "Options":
                    entry["options"].update(first.split(","))
                    m = re.search(r":\{([^}]*)\}", line)
                    if m:
                        for name in first.split(","):
                            entry["choices"][name] = set(m.group(1).split(","))
                elif section == "Subcommands":
                    entry["subcommands"].add(first)
                else:
                    entry["positionals"].add(first)
        tree[" ".join(path)] = entry
        for sub in sorted(entry["subcommands"]):
            visit(path + (sub,))

    visit(())
    return tree


def man_options(page):
    """{command path: option names} from the man page's sections."""
    out, current = {}, None
    lines = page.splitlines()
    for i, line in enumerate(lines):
        m = re.fullmatch(r'\.SH "(.*)"', line)
        if m:
            title = m.group(1).replace("\\-", "-")
            current = None
            if title == "OPTIONS":
                current = ""
            elif title.startswith("KEYSIFT "):
                current = title[len("KEYSIFT "):].lower()
            if current is not None:
                out[current] = set()
        elif current is not None and line == ".TP" and i + 1 < len(lines):
            head = lines[i + 1].replace("\\-", "-")
            out[current].update(re.findall(r"\\fB(-[^\\ ]+)\\fR", head))
    return out


def bash_options(script):
    return {m.group(1): set(m.group(2).split())
            for m in re.finditer(r'^    "([^"]*)"\) opts=\'([^\']*)\'', script, re.M)}


def fish_options(script):
    out = {}
    for m in re.finditer(r"^complete -c keysift -n '__keysift_is ?([^']*)'(.*)$", script, re.M):
        spec = m.group(2).split(" -d ")[0]  # a description may hold " -l "
        names = {"-" + s for s in re.findall(r" -s (\S+)", spec)}
        names |= {"--" + l for l in re.findall(r" -l (\S+)", spec)}
        out.setdefault(m.group(1), set()).update(names)
    return out


def zsh_options(script):
    out = {}
    for m in re.finditer(r"^_keysift((?:__[^(]+)?)\(\) \{\n(.*?)^\}", script, re.M | re.S):
        cmd = m.group(1)[2:].replace("__", " ")
        body = m.group(2)
        names = set()
        for spec in re.findall(r"\{(-[^}]*)\}'\[", body):
            names.update(spec.split(","))
        names.update(re.findall(r"^    '(-[^\[' ]+)\[", body, re.M))
        out[cmd] = names
    return out


class ManAndCompletions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = help_tree()
        cls.expected = {cmd: e["options"] for cmd, e in cls.tree.items()}
        cls.generated = {name: run(args).stdout for name, args in (
            ("keysift.1", ["man"]), ("keysift.bash", ["completions", "bash"]),
            ("_keysift", ["completions", "zsh"]), ("keysift.fish", ["completions", "fish"]))}

    def test_every_help_command_and_option_is_in_each(self):
        self.assertIn("scan", self.tree)
        self.assertIn("rules list", self.tree)
        self.assertIn("--format", self.expected["scan"])
        for name, parse in (("keysift.1", man_options), ("keysift.bash", bash_options),
                            ("keysift.fish", fish_options), ("_keysift", zsh_options)):
            with self.subTest(name):
                got = parse(self.generated[name])
                if name == "keysift.fish":  # fish completes --help itself
                    got = {c: o | {"-h", "--help"} for c, o in got.items()}
                    for cmd in self.expected:
                        got.setdefault(cmd, {"-h", "--help"})
                self.assertEqual(got, self.expected)

    def test_the_build_installs_what_the_binary_prints(self):
        for name, text in self.generated.items():
            with open(os.path.join(BUILD, "share", name)) as f:
                self.assertEqual(f.read(), text, name)

    def test_man_page_renders_without_warnings_and_documents_exit_codes(self):
        page = self.generated["keysift.1"]
        r = subprocess.run(["groff", "-man", "-ww", "-z"], input=page, capture_output=True,
                           text=True)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        text = subprocess.run(["man", "-l", "-"], input=page, capture_output=True, text=True,
                              env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="")).stdout
        for section in ("EXIT STATUS", "CONFIGURATION", "EXAMPLES", "ENVIRONMENT",
                        "KEYSIFT SCAN", "KEYSIFT GIT", "KEYSIFT IMAGE", "KEYSIFT REDACT"):
            self.assertRegex(text, rf"(?m)^{section}$")
        exits = text[text.index("EXIT STATUS"):text.index("CONFIGURATION")]
        self.assertEqual(re.findall(r"(?m)^       (\d) ", exits), ["0", "1", "2", "3"])

    def test_bash_completes_commands_options_and_values(self):
        script = self.generated["keysift.bash"]
        t = self.tree
        cases = {("keysift", "rules", ""): t["rules"]["subcommands"],
                 ("keysift", "scan", "--fo"): {"--format"},
                 ("keysift", "git", "-f", ""): t["git"]["choices"]["-f"],
                 ("keysift", "git", "-f", "json", "--st"): {"--staged", "--stream-threshold"},
                 ("keysift", "completions", ""): {"bash", "zsh", "fish"}}
        for words, want in cases.items():
            with self.subTest(words):
                prog = (f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); "
                        f"COMP_CWORD={len(words) - 1}; _keysift; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
                r = subprocess.run(["bash", "-c", prog], capture_output=True, text=True)
                self.assertEqual(set(r.stdout.split()), want, r.stderr)

    def test_fish_completes_commands_options_and_values(self):
        t = self.tree
        cases = {"keysift rules ": t["rules"]["subcommands"],
                 "keysift scan --fo": {"--format"},
                 "keysift git -f ": t["git"]["choices"]["-f"],
                 "keysift rules list --format ": t["rules list"]["choices"]["--format"],
                 "keysift git -f json --st": {"--staged", "--stream-threshold"}}
        with tempfile.NamedTemporaryFile("w", suffix=".fish") as f:
            f.write(self.generated["keysift.fish"])
            f.flush()
            for line, want in cases.items():
                with self.subTest(line):
                    r = subprocess.run(["fish", "--no-config", "-c",
                                        f"source {f.name}; complete -C{line!r}"],
                                       capture_output=True, text=True, timeout=60)
                    self.assertEqual({l.split("\t")[0] for l in r.stdout.splitlines()}, want,
                                     r.stderr)

    def test_zsh_completes_commands_options_and_values(self):
        """Drives an interactive zsh through zsh/zpty, a fresh shell per case: compinit loads
        the generated _keysift from fpath, TAB runs it through a widget that marks when the
        completion finished, and compadd records what it offers. Nothing is typed while a
        completion runs, so the result never depends on how fast the machine is."""
        t = self.tree
        cases = [("keysift rules ", t["rules"]["subcommands"]),
                 ("keysift scan --fo", {"--format"}),
                 ("keysift git -f ", t["git"]["choices"]["-f"]),
                 ("keysift completions ", {"bash", "zsh", "fish"})]
        work = tempfile.mkdtemp(prefix="keysift-zsh-")
        try:
            with open(os.path.join(work, "_keysift"), "w") as f:
                f.write(self.generated["_keysift"])
            driver = os.path.join(work, "driver.zsh")
            with open(driver, "w") as f:
                f.write(ZSH_DRIVER)
            bindir = os.path.join(work, "bin")
            os.makedirs(bindir)
            os.symlink(KEYSIFT, os.path.join(bindir, "keysift"))
            env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
            for i, (line, want) in enumerate(cases):
                with self.subTest(line):
                    r = subprocess.run(["zsh", "-f", driver, work, str(i), line],
                                       capture_output=True, text=True, env=env, timeout=120)
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                    with open(os.path.join(work, f"case{i}")) as f:
                        got = set(f.read().split())
                    self.assertEqual(got, want, r.stdout)
        finally:
            shutil.rmtree(work, ignore_errors=True)


# One completion in a fresh interactive zsh: $1 the work directory holding _keysift, $2 the
# case number, $3 the command line typed before TAB. Exits 1 (printing what the terminal
# showed) if the completion widget has not finished within a minute.
ZSH_DRIVER = r"""
work=$1 n=$2 line=$3
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1=; fpath=($work \$fpath); autoload -Uz compinit; compinit -u -d $work/dump$n"
zpty -w z "compadd() { local -a r; builtin compadd -O r \"\$@\"; print -rl -- \"\${r[@]}\" >> $work/case$n; }"
zpty -w z "tabdone() { zle complete-word; : > $work/done$n; }; zle -N tabdone; bindkey '^I' tabdone"
zpty -w z ": > $work/case$n; print READY\$((6*7))"
zpty -r z junk '*READY42*'
zpty -w -n z "$line"$'\t'
for tries in {1..1200}; do
  [[ -e $work/done$n ]] && break
  sleep 0.05
done
zpty -r -t z seen
zpty -d z
[[ -e $work/done$n ]] || { print -r -- "completion did not finish: $junk$seen"; exit 1; }
"""


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62_crc32(body):
    crc, out = zlib.crc32(body.encode()), ""
    for _ in range(6):
        out, crc = B62[crc % 62] + out, crc // 62
    return out


class RulesExample(unittest.TestCase):
    def test_every_rule_gets_a_value_that_it_reports(self):
        rules = json.loads(run(["rules", "list", "--format", "json"]).stdout)
        self.assertGreater(len(rules), 200)
        work = tempfile.mkdtemp(prefix="keysift-examples-")
        try:
            expected = {}
            for i, rule in enumerate(rules):
                r = run(["rules", "example", rule["id"], "--format", "json", "--seed", str(i)])
                self.assertEqual(r.returncode, 0, f"{rule['id']}: {r.stderr}")
                got = json.loads(r.stdout)
                self.assertEqual(got["rule"], rule["id"])
                # Each in a directory of its own, at the path the rule applies to.
                path = os.path.join(work, str(i), got["path"])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(got["value"] + "\n")
                expected[os.path.join(str(i), got["path"])] = rule["id"]
            r = run(["scan", work, "--format", "json", "--show-secrets"])
            self.assertEqual(r.returncode, 1, r.stderr)
            found = {}
            for f in json.loads(r.stdout)["findings"]:
                found.setdefault(os.path.relpath(f["path"], work), set()).add(f["rule_id"])
            missed = [rule for path, rule in expected.items() if rule not in found.get(path, set())]
            self.assertEqual(missed, [])
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def test_a_github_token_has_a_valid_checksum_and_is_fresh_each_time(self):
        values = {run(["rules", "example", "github-pat"]).stdout.strip() for _ in range(3)}
        self.assertEqual(len(values), 3)
        for v in values:
            self.assertRegex(v, r"^ghp_[A-Za-z0-9]{36}$")
            self.assertEqual(v[-6:], base62_crc32(v[4:34]))
        seeded = {run(["rules", "example", "github-pat", "--seed", "7"]).stdout for _ in range(2)}
        self.assertEqual(len(seeded), 1)

    def test_an_unknown_rule_is_an_error(self):
        r = run(["rules", "example", "no-such-rule"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("no rule 'no-such-rule'", r.stderr)


class Install(unittest.TestCase):
    def test_cmake_install_puts_every_file_in_its_place(self):
        prefix = tempfile.mkdtemp(prefix="keysift-install-")
        try:
            r = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            files = {os.path.relpath(os.path.join(d, f), prefix)
                     for d, _, names in os.walk(prefix) for f in names}
            self.assertEqual(files, {
                "bin/keysift", "share/man/man1/keysift.1",
                "share/bash-completion/completions/keysift", "share/zsh/site-functions/_keysift",
                "share/fish/vendor_completions.d/keysift.fish",
                "share/keysift/hooks/pre-commit", "share/keysift/hooks/pre-push",
                "share/keysift/hooks/framework-pre-push",
                "share/doc/keysift/README.md", "share/doc/keysift/CHANGELOG.md",
                "share/doc/keysift/copyright"})
            for exe in ("bin/keysift", "share/keysift/hooks/pre-commit"):
                self.assertTrue(os.access(os.path.join(prefix, exe), os.X_OK), exe)
            r = subprocess.run([os.path.join(prefix, "bin/keysift"), "--version"],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0)
            self.assertTrue(r.stdout.startswith("keysift "))
            r = subprocess.run(["man", "-w", "keysift"], capture_output=True, text=True,
                               env=dict(os.environ, MANPATH=os.path.join(prefix, "share/man")))
            self.assertEqual(r.stdout.strip(), os.path.join(prefix, "share/man/man1/keysift.1"))
            with open(os.path.join(SOURCE, "LICENSE")) as f:
                self.assertIn("Apache License", f.read(200))
        finally:
            shutil.rmtree(prefix, ignore_errors=True)


def main():
    global KEYSIFT, SOURCE, BUILD
    KEYSIFT, SOURCE, BUILD = (os.path.abspath(a) for a in sys.argv[1:4])
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
