#include "lang/file_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace keysift::lang {
namespace {

// Where a name of `kinds` says what a file is: as its extension (lower case, without the
// dot), as its whole file name (lower case), or as the interpreter on its #! line.
enum Seen : unsigned { as_extension = 1, as_file_name = 2, as_interpreter = 4 };

struct Kind {
  std::string_view name;
  Language language;
  unsigned seen; // Seen bits
};

// Every name that tells a file's language family, and where it tells.
constexpr std::array kinds = {
    Kind{"c", Language::code, as_extension},
    Kind{"h", Language::code, as_extension},
    Kind{"cc", Language::code, as_extension},
    Kind{"cpp", Language::code, as_extension},
    Kind{"cxx", Language::code, as_extension},
    Kind{"hpp", Language::code, as_extension},
    Kind{"hh", Language::code, as_extension},
    Kind{"hxx", Language::code, as_extension},
    Kind{"inl", Language::code, as_extension},
    Kind{"m", Language::code, as_extension},
    Kind{"mm", Language::code, as_extension},
    Kind{"java", Language::code, as_extension},
    Kind{"kt", Language::code, as_extension},
    Kind{"kts", Language::code, as_extension},
    Kind{"scala", Language::code, as_extension},
    Kind{"groovy", Language::code, as_extension},
    Kind{"gradle", Language::code, as_extension},
    Kind{"cs", Language::code, as_extension},
    Kind{"fs", Language::code, as_extension},
    Kind{"vb", Language::code, as_extension},
    Kind{"go", Language::code, as_extension},
    Kind{"rs", Language::code, as_extension},
    Kind{"swift", Language::code, as_extension},
    Kind{"dart", Language::code, as_extension},
    Kind{"js", Language::code, as_extension},
    Kind{"mjs", Language::code, as_extension},
    Kind{"cjs", Language::code, as_extension},
    Kind{"jsx", Language::code, as_extension},
    Kind{"ts", Language::code, as_extension},
    Kind{"mts", Language::code, as_extension},
    Kind{"cts", Language::code, as_extension},
    Kind{"tsx", Language::code, as_extension},
    Kind{"vue", Language::code, as_extension},
    Kind{"svelte", Language::code, as_extension},
    Kind{"py", Language::code, as_extension},
    Kind{"pyi", Language::code, as_extension},
    Kind{"pyx", Language::code, as_extension},
    Kind{"rb", Language::code, as_extension},
    Kind{"rake", Language::code, as_extension},
    Kind{"gemspec", Language::code, as_extension},
    Kind{"php", Language::interpolating, as_extension | as_interpreter},
    Kind{"phpt", Language::interpolating, as_extension},
    Kind{"pl", Language::interpolating, as_extension},
    Kind{"pm", Language::interpolating, as_extension},
    Kind{"t", Language::code, as_extension},
    Kind{"lua", Language::code, as_extension | as_interpreter},
    Kind{"r", Language::code, as_extension},
    Kind{"jl", Language::code, as_extension},
    Kind{"ex", Language::code, as_extension},
    Kind{"exs", Language::code, as_extension},
    Kind{"erl", Language::code, as_extension},
    Kind{"hrl", Language::code, as_extension},
    Kind{"clj", Language::code, as_extension},
    Kind{"hs", Language::code, as_extension},
    Kind{"ml", Language::code, as_extension},
    Kind{"zig", Language::code, as_extension},
    Kind{"nim", Language::code, as_extension},
    Kind{"sol", Language::code, as_extension},
    Kind{"coffee", Language::code, as_extension},
    Kind{"json", Language::code, as_extension},
    Kind{"json5", Language::code, as_extension},
    Kind{"jsonc", Language::code, as_extension},
    Kind{"jsii", Language::code, as_extension},
    Kind{"ipynb", Language::code, as_extension},
    Kind{"hcl", Language::code, as_extension},
    Kind{"tf", Language::code, as_extension},
    Kind{"tfvars", Language::code, as_extension},
    Kind{"nix", Language::code, as_extension},
    Kind{"sql", Language::code, as_extension},
    Kind{"css", Language::code, as_extension},
    Kind{"scss", Language::code, as_extension},
    Kind{"less", Language::code, as_extension},
    Kind{"sh", Language::shell, as_extension | as_interpreter},
    Kind{"bash", Language::shell, as_extension | as_interpreter},
    Kind{"zsh", Language::shell, as_extension | as_interpreter},
    Kind{"ksh", Language::shell, as_extension | as_interpreter},
    Kind{"fish", Language::shell, as_extension | as_interpreter},
    Kind{"ps1", Language::shell, as_extension},
    Kind{"psm1", Language::shell, as_extension},
    Kind{"bat", Language::shell, as_extension},
    Kind{"cmd", Language::shell, as_extension},
    Kind{"mk", Language::shell, as_extension},
    Kind{"mak", Language::shell, as_extension},
    Kind{"cmake", Language::shell, as_extension},
    Kind{"dockerfile", Language::shell, as_extension | as_file_name},
    Kind{"ini", Language::config, as_extension},
    Kind{"cfg", Language::config, as_extension},
    Kind{"conf", Language::config, as_extension},
    Kind{"cnf", Language::config, as_extension},
    Kind{"properties", Language::config, as_extension},
    Kind{"props", Language::config, as_extension},
    Kind{"env", Language::config, as_extension},
    Kind{"yaml", Language::config, as_extension},
    Kind{"yml", Language::config, as_extension},
    Kind{"toml", Language::config, as_extension},
    Kind{"xml", Language::config, as_extension},
    Kind{"config", Language::config, as_extension},
    Kind{"service", Language::config, as_extension},
    Kind{"md", Language::docs, as_extension},
    Kind{"markdown", Language::docs, as_extension},
    Kind{"rst", Language::docs, as_extension},
    Kind{"adoc", Language::docs, as_extension},
    Kind{"asciidoc", Language::docs, as_extension},
    Kind{"txt", Language::docs, as_extension},
    Kind{"texi", Language::docs, as_extension},
    Kind{"tex", Language::docs, as_extension},
    Kind{"pod", Language::docs, as_extension},
    Kind{"html", Language::docs, as_extension},
    Kind{"htm", Language::docs, as_extension},
    Kind{"rdoc", Language::docs, as_extension},
    Kind{"makefile", Language::shell, as_file_name},
    Kind{"gnumakefile", Language::shell, as_file_name},
    Kind{"containerfile", Language::shell, as_file_name},
    Kind{"procfile", Language::shell, as_file_name},
    Kind{"cmakelists.txt", Language::shell, as_file_name},
    Kind{"jenkinsfile", Language::code, as_file_name},
    Kind{"vagrantfile", Language::code, as_file_name},
    Kind{"rakefile", Language::code, as_file_name},
    Kind{"gemfile", Language::code, as_file_name},
    Kind{"readme", Language::docs, as_file_name},
    Kind{"changelog", Language::docs, as_file_name},
    Kind{"news", Language::docs, as_file_name},
    Kind{"dash", Language::shell, as_interpreter},
    Kind{"make", Language::shell, as_interpreter},
    Kind{"python", Language::code, as_interpreter},
    Kind{"python2", Language::code, as_interpreter},
    Kind{"python3", Language::code, as_interpreter},
    Kind{"node", Language::code, as_interpreter},
    Kind{"ruby", Language::code, as_interpreter},
    Kind{"perl", Language::interpolating, as_interpreter},
    Kind{"deno", Language::code, as_interpreter},
};

// Suffixes that wrap another file kind: the name without them tells.
constexpr std::array<std::string_view, 18> wrappers = {
    "gz",   "bz2",     "xz",     "zst",      "map",  "in", "orig", "rej", "bak",
    "dist", "example", "sample", "template", "tmpl", "j2", "erb",  "old", "tt"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const Kind* find(Seen seen, std::string_view name) {
  const auto it = std::find_if(kinds.begin(), kinds.end(), [&](const Kind& k) {
    return (k.seen & seen) != 0 && k.name == name;
  });
  return it == kinds.end() ? nullptr : &*it;
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
  if (const Kind* k = find(as_file_name, name)) return k->language;
  if (name == ".env" || name.rfind(".env.", 0) == 0 || name.rfind("dockerfile.", 0) == 0)
    return name[0] == '.' ? Language::config : Language::shell;
  for (;;) {
    // A leading dot starts a hidden file's extension too (.jsii, .env handled above).
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) break;
    const std::string ext = name.substr(dot + 1);
    if (const Kind* k = find(as_extension, ext)) return k->language;
    if (dot == 0 || std::find(wrappers.begin(), wrappers.end(), ext) == wrappers.end())
      break;
    name.resize(dot);
    if (const Kind* k = find(as_file_name, name)) return k->language;
  }
  if (const Kind* k = find(as_interpreter, interpreter(head))) return k->language;
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

} // namespace keysift::lang
