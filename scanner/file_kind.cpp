#include "scanner/file_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace keysift::scanner {
namespace {

struct Kind {
  std::string_view name;
  Language language;
};

// Extensions (lower case, without the dot) and the language family they read as.
constexpr std::array extensions = {
    Kind{"c", Language::code},           Kind{"h", Language::code},
    Kind{"cc", Language::code},          Kind{"cpp", Language::code},
    Kind{"cxx", Language::code},         Kind{"hpp", Language::code},
    Kind{"hh", Language::code},          Kind{"hxx", Language::code},
    Kind{"inl", Language::code},         Kind{"m", Language::code},
    Kind{"mm", Language::code},          Kind{"java", Language::code},
    Kind{"kt", Language::code},          Kind{"kts", Language::code},
    Kind{"scala", Language::code},       Kind{"groovy", Language::code},
    Kind{"gradle", Language::code},      Kind{"cs", Language::code},
    Kind{"fs", Language::code},          Kind{"vb", Language::code},
    Kind{"go", Language::code},          Kind{"rs", Language::code},
    Kind{"swift", Language::code},       Kind{"dart", Language::code},
    Kind{"js", Language::code},          Kind{"mjs", Language::code},
    Kind{"cjs", Language::code},         Kind{"jsx", Language::code},
    Kind{"ts", Language::code},          Kind{"mts", Language::code},
    Kind{"cts", Language::code},         Kind{"tsx", Language::code},
    Kind{"vue", Language::code},         Kind{"svelte", Language::code},
    Kind{"py", Language::code},          Kind{"pyi", Language::code},
    Kind{"pyx", Language::code},         Kind{"rb", Language::code},
    Kind{"rake", Language::code},        Kind{"gemspec", Language::code},
    Kind{"php", Language::code},         Kind{"phpt", Language::code},
    Kind{"pl", Language::code},          Kind{"pm", Language::code},
    Kind{"t", Language::code},           Kind{"lua", Language::code},
    Kind{"r", Language::code},           Kind{"jl", Language::code},
    Kind{"ex", Language::code},          Kind{"exs", Language::code},
    Kind{"erl", Language::code},         Kind{"hrl", Language::code},
    Kind{"clj", Language::code},         Kind{"hs", Language::code},
    Kind{"ml", Language::code},          Kind{"zig", Language::code},
    Kind{"nim", Language::code},         Kind{"sol", Language::code},
    Kind{"coffee", Language::code},      Kind{"json", Language::code},
    Kind{"json5", Language::code},       Kind{"jsonc", Language::code},
    Kind{"jsii", Language::code},        Kind{"ipynb", Language::code},
    Kind{"hcl", Language::code},         Kind{"tf", Language::code},
    Kind{"tfvars", Language::code},      Kind{"nix", Language::code},
    Kind{"sql", Language::code},         Kind{"css", Language::code},
    Kind{"scss", Language::code},        Kind{"less", Language::code},
    Kind{"sh", Language::shell},         Kind{"bash", Language::shell},
    Kind{"zsh", Language::shell},        Kind{"ksh", Language::shell},
    Kind{"fish", Language::shell},       Kind{"ps1", Language::shell},
    Kind{"psm1", Language::shell},       Kind{"bat", Language::shell},
    Kind{"cmd", Language::shell},        Kind{"mk", Language::shell},
    Kind{"mak", Language::shell},        Kind{"cmake", Language::shell},
    Kind{"dockerfile", Language::shell}, Kind{"ini", Language::config},
    Kind{"cfg", Language::config},       Kind{"conf", Language::config},
    Kind{"cnf", Language::config},       Kind{"properties", Language::config},
    Kind{"props", Language::config},     Kind{"env", Language::config},
    Kind{"yaml", Language::config},      Kind{"yml", Language::config},
    Kind{"toml", Language::config},      Kind{"xml", Language::config},
    Kind{"config", Language::config},    Kind{"service", Language::config},
    Kind{"md", Language::docs},          Kind{"markdown", Language::docs},
    Kind{"rst", Language::docs},         Kind{"adoc", Language::docs},
    Kind{"asciidoc", Language::docs},    Kind{"txt", Language::docs},
    Kind{"texi", Language::docs},        Kind{"tex", Language::docs},
    Kind{"pod", Language::docs},         Kind{"html", Language::docs},
    Kind{"htm", Language::docs},         Kind{"rdoc", Language::docs},
};

// Whole file names (lower case) that say what the file is.
constexpr std::array names = {
    Kind{"makefile", Language::shell},   Kind{"gnumakefile", Language::shell},
    Kind{"dockerfile", Language::shell}, Kind{"containerfile", Language::shell},
    Kind{"procfile", Language::shell},   Kind{"cmakelists.txt", Language::shell},
    Kind{"jenkinsfile", Language::code}, Kind{"vagrantfile", Language::code},
    Kind{"rakefile", Language::code},    Kind{"gemfile", Language::code},
    Kind{"readme", Language::docs},      Kind{"changelog", Language::docs},
    Kind{"news", Language::docs},
};

// Suffixes that wrap another file kind: the name without them tells.
constexpr std::array<std::string_view, 18> wrappers = {
    "gz",   "bz2",     "xz",     "zst",      "map",  "in", "orig", "rej", "bak",
    "dist", "example", "sample", "template", "tmpl", "j2", "erb",  "old", "tt"};

// Interpreters named on a #! line.
constexpr std::array interpreters = {
    Kind{"sh", Language::shell},     Kind{"bash", Language::shell},
    Kind{"dash", Language::shell},   Kind{"zsh", Language::shell},
    Kind{"ksh", Language::shell},    Kind{"fish", Language::shell},
    Kind{"make", Language::shell},   Kind{"python", Language::code},
    Kind{"python2", Language::code}, Kind{"python3", Language::code},
    Kind{"node", Language::code},    Kind{"ruby", Language::code},
    Kind{"perl", Language::code},    Kind{"php", Language::code},
    Kind{"lua", Language::code},     Kind{"deno", Language::code},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <typename Table> const Kind* find(const Table& table, std::string_view name) {
  const auto it = std::find_if(table.begin(), table.end(),
                               [&](const Kind& k) { return k.name == name; });
  return it == table.end() ? nullptr : &*it;
}

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The interpreter of a `#!` line: the last path component of its first word, or of
// the word after `env` (and env's options); trailing version digits are dropped.
std::string interpreter(std::string_view head) {
  if (head.substr(0, 2) != "#!") return {};
  std::string_view line = head.substr(2, head.find('\n') - 2);
  std::string word;
  for (std::size_t i = 0; i < line.size();) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    std::string_view w = basename(line.substr(start, i - start));
    if (w.empty() || w == "env" || w.front() == '-') continue;
    word = lower(w);
    break;
  }
  while (!word.empty() &&
         (std::isdigit(static_cast<unsigned char>(word.back())) || word.back() == '.'))
    word.pop_back();
  return word;
}

} // namespace

Language language_of(std::string_view path, std::string_view head) {
  std::string name = lower(basename(path));
  if (const Kind* k = find(names, name)) return k->language;
  if (name == ".env" || name.rfind(".env.", 0) == 0 || name.rfind("dockerfile.", 0) == 0)
    return name[0] == '.' ? Language::config : Language::shell;
  for (;;) {
    // A leading dot starts a hidden file's extension too (.jsii, .env handled above).
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) break;
    const std::string ext = name.substr(dot + 1);
    if (const Kind* k = find(extensions, ext)) return k->language;
    if (dot == 0 || std::find(wrappers.begin(), wrappers.end(), ext) == wrappers.end())
      break;
    name.resize(dot);
    if (const Kind* k = find(names, name)) return k->language;
  }
  if (const Kind* k = find(interpreters, interpreter(head))) return k->language;
  return Language::unknown;
}

namespace {

// Words that make a directory a test directory, alone or as a part of its name split at
// - _ . (stress-test, test_utils, unit.tests); "t" only alone (Perl's and git's t/).
constexpr std::array<std::string_view, 24> test_words = {
    "test",     "tests",     "testing",   "__tests__",    "spec",      "specs",
    "testdata", "fixtures",  "fixture",   "__fixtures__", "__mocks__", "mocks",
    "mock",     "testsuite", "unittests", "unittest",     "e2e",       "testcases",
    "testutil", "testutils", "stubs",     "fakes",        "regress",   "regression"};
constexpr std::array<std::string_view, 13> example_dirs = {
    "example",  "examples",    "sample",    "samples",    "demo",
    "demos",    "tutorial",    "tutorials", "quickstart", "playground",
    "snippets", "sample-code", "templates"};
constexpr std::array<std::string_view, 8> docs_dirs = {
    "doc", "docs", "documentation", "man", "manual", "guides", "guide", "website"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// The same words in file names, where spec and e2e name other things too.
constexpr std::array<std::string_view, 16> test_file_words = {
    "test",      "tests",    "testing",   "fixture",  "fixtures",  "mock",
    "mocks",     "unittest", "unittests", "testcase", "testcases", "testutil",
    "testutils", "testdata", "stub",      "stubs"};

// Whether any part of `name`, split at - _ ., is one of `list`.
template <std::size_t N>
bool part_among(const std::array<std::string_view, N>& list, std::string_view name) {
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("-_.", start);
    if (end == std::string_view::npos) end = name.size();
    if (end > start && among(list, name.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

bool test_dir(std::string_view seg) {
  return seg == "t" || among(test_words, seg) || part_among(test_words, seg);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A file whose own name marks it as test material: test_x.py, x_test.go, x.test.ts,
// x.spec.js, x_spec.rb, FooTest.java, a .phpt, test-key.pem, snakeoil.key, fake…, dummy….
// `original` is the name in its own case (FooTest.java), `name` in lower case.
bool test_file(std::string_view original, std::string_view name) {
  const std::size_t dot = name.find('.');
  const std::string_view stem = name.substr(0, dot);
  const std::string_view case_stem = original.substr(0, dot);
  // Without its last extension (so that an RPM `.spec` file is not a spec).
  const std::string_view base = name.substr(0, name.rfind('.'));
  if (ends_with(case_stem, "Test") || ends_with(case_stem, "Tests") ||
      ends_with(case_stem, "Spec") || stem == "conftest" || ends_with(stem, "unittest") ||
      ends_with(stem, "_spec") || part_among(test_file_words, base))
    return true;
  if (name.find(".spec.") != std::string_view::npos || ends_with(name, ".phpt"))
    return true;
  for (std::string_view w : {"snakeoil", "fake", "dummy", "mock"})
    if (starts_with(stem, w)) return true;
  return false;
}

// A file named as an example: example.yaml, config.example.yml, x.examples.json,
// settings.sample, app.conf.dist, .env.template.
bool example_file(std::string_view name) {
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t end = name.find_first_of(".-_", start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view part = name.substr(start, end - start);
    for (std::string_view w : {"example", "examples", "sample", "samples"})
      if (part == w) return true;
    start = end + 1;
  }
  return ends_with(name, ".dist") || ends_with(name, ".template");
}

bool docs_file(std::string_view name) {
  for (std::string_view w :
       {".md", ".markdown", ".rst", ".adoc", ".asciidoc", ".texi", ".pod", ".rdoc"})
    if (ends_with(name, w)) return true;
  return starts_with(name, "readme") || starts_with(name, "changelog") || name == "news";
}

} // namespace

std::string_view context_of(std::string_view path) {
  const std::string p = lower(path);
  bool example = false, docs = false;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find_first_of("/\\", start);
    if (end == std::string::npos) end = p.size();
    const std::string_view seg = std::string_view(p).substr(start, end - start);
    const bool last = end == p.size();
    if (!last) {
      if (test_dir(seg)) return "test";
      example = example || among(example_dirs, seg);
      docs = docs || among(docs_dirs, seg);
    } else {
      if (test_file(path.substr(start), seg)) return "test";
      example = example || example_file(seg);
      docs = docs || docs_file(seg);
    }
    start = end + 1;
  }
  if (example) return "example";
  return docs ? "docs" : "";
}

} // namespace keysift::scanner
