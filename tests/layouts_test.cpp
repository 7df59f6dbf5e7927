// A generated property test of the built-in pack: credentials written in the layouts
// real code and config use — every style of key name (camelCase, snake_case, kebab,
// dotted, UPPER_SNAKE, UPPERCONCAT, bare), every separator and alignment, every file
// format — with random values must each be found, with the value as the secret. The
// generator is seeded, so a failure names a case that can be replayed.
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "rules/builtin.h"
#include "scanner/compiled_rules.h"
#include "scanner/confirmer.h"
#include "scanner/matcher.h"
#include "scanner/scan.h"

namespace {

using keysift::scanner::CompiledRules;

std::shared_ptr<const CompiledRules> builtin() {
  static const auto rules = [] {
    auto set = keysift::rules::load_builtin();
    REQUIRE(set.is_ok());
    // No cache directory: compiled afresh, nothing written outside the build.
    auto compiled = CompiledRules::compile(std::move(set).value(), {});
    REQUIRE_MESSAGE(compiled.is_ok(), compiled.status().message());
    return compiled.value();
  }();
  return rules;
}

struct Case {
  std::string path;   // the file name the text is scanned under
  std::string text;   // the file's content
  std::string secret; // what must be reported as a finding's secret
};

// The ids of the rules that report `secret` in `c`, and all the secrets reported.
std::vector<std::string> secrets_found(const Case& c, std::vector<std::string>& rules_out) {
  keysift::scanner::Matcher matcher(builtin());
  const keysift::scanner::Confirmer confirmer(builtin());
  std::vector<keysift::scanner::Finding> found;
  auto origin = keysift::scanner::make_origin(keysift::scanner::FileOrigin{c.path});
  REQUIRE(keysift::scanner::scan_block(matcher, confirmer, c.text, origin, found).is_ok());
  std::vector<std::string> secrets;
  for (const auto& f : found) {
    secrets.push_back(f.secret);
    rules_out.push_back(builtin()->rules()[f.rule].rule.id);
  }
  return secrets;
}

class Gen {
public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  template <typename T> const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  std::string spaces(std::size_t max) { return std::string(below(max + 1), ' '); }

  // A random token: 20-40 characters of letters and digits, at least one of each class,
  // never a run of one character class long enough to read as a word.
  std::string value() {
    static const std::string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ",
                             lower = "abcdefghijkmnpqrstuvwxyz", digit = "23456789";
    const std::size_t n = 20 + below(21);
    std::string v;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& cls = i % 3 == 0 ? upper : i % 3 == 1 ? lower : digit;
      const std::string any =
          below(2) ? cls : std::vector<std::string>{upper, lower, digit}[below(3)];
      v += any[below(any.size())];
    }
    return v;
  }

private:
  std::mt19937 rng_;
};

// A credential name as words, and the styles a name is written in.
const std::vector<std::vector<std::string>> names = {
    {"db", "password"}, {"admin", "passwd"},
    {"jwt", "secret"},  {"client", "secret"},
    {"auth", "token"},  {"access", "token"},
    {"api", "key"},     {"slack", "key"},
    {"stripe", "key"},  {"license", "key"},
    {"app", "key"},     {"github", "key"},
    {"signing", "key"}, {"session", "secret"},
    {"password"},       {"secret"},
    {"token"},          {"key"},
    {"private", "key"}, {"encryption", "key"}};

std::string capital(std::string w) {
  w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
  return w;
}
std::string upper(std::string w) {
  for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return w;
}
std::string join(const std::vector<std::string>& ws, const std::string& sep,
                 const std::function<std::string(const std::string&, std::size_t)>& f) {
  std::string out;
  for (std::size_t i = 0; i < ws.size(); ++i) out += (i ? sep : "") + f(ws[i], i);
  return out;
}

enum class Style { camel, pascal, snake, upper_snake, upper_concat, kebab, dotted };

std::string styled(const std::vector<std::string>& ws, Style s) {
  switch (s) {
  case Style::camel:
    return join(ws, "", [](auto& w, auto i) { return i ? capital(w) : w; });
  case Style::pascal:
    return join(ws, "", [](auto& w, auto) { return capital(w); });
  case Style::snake:
    return join(ws, "_", [](auto& w, auto) { return w; });
  case Style::upper_snake:
    return join(ws, "_", [](auto& w, auto) { return upper(w); });
  case Style::upper_concat:
    return join(ws, "", [](auto& w, auto) { return upper(w); });
  case Style::kebab:
    return join(ws, "-", [](auto& w, auto) { return w; });
  case Style::dotted:
    return join(ws, ".", [](auto& w, auto) { return w; });
  }
  return {};
}

const std::vector<Style> identifier_styles = {Style::camel, Style::pascal, Style::snake,
                                              Style::upper_snake, Style::upper_concat};
const std::vector<Style> all_styles = {
    Style::camel,        Style::pascal, Style::snake, Style::upper_snake,
    Style::upper_concat, Style::kebab,  Style::dotted};

// One assignment in one file format, with a random name style, separator spacing and
// alignment (up to 40 spaces: the values aligned with six or more were missed).
Case assignment(Gen& g) {
  const auto& words = g.pick(names);
  const std::string v = g.value();
  const std::size_t format = g.below(15);
  auto id = [&] { return styled(words, g.pick(identifier_styles)); };
  auto any = [&] { return styled(words, g.pick(all_styles)); };
  auto q = [&] { return std::string(g.below(2) ? "\"" : "'"); };
  switch (format) {
  case 0:
    return {"app/.env",
            upper(styled(words, Style::upper_snake)) + g.spaces(8) + "=" + g.spaces(40) +
                v + "\n",
            v};
  case 1:
    return {"conf/app.ini", any() + g.spaces(12) + "=" + g.spaces(40) + v + "\n", v};
  case 2:
    return {"conf/app.properties",
            any() + g.spaces(4) + (g.below(2) ? "=" : ":") + g.spaces(40) + v + "\n", v};
  case 3:
    return {"deploy/run.sh", "export " + styled(words, Style::upper_snake) + "=" + v + "\n",
            v};
  case 4: {
    const std::string qq = g.below(3) ? q() : "";
    return {"conf/settings.yaml",
            "app:\n  " + any() + ":" + g.spaces(40) + " " + qq + v + qq + "\n", v};
  }
  case 5:
    return {"conf/config.json",
            "{\n  \"" + any() + "\":" + g.spaces(12) + " \"" + v + "\"\n}\n", v};
  case 6: {
    const std::string qq = q();
    return {"app/settings.py",
            id() + g.spaces(20) + " = " + g.spaces(40) + qq + v + qq + "\n", v};
  }
  case 7: {
    const std::string qq = q();
    return {"src/config.ts",
            "export const config = {\n  " + id() + ":" + g.spaces(30) + " " + qq + v + qq +
                ",\n};\n",
            v};
  }
  case 8:
    return {"cmd/main.go", "\t" + id() + g.spaces(20) + " := \"" + v + "\"\n", v};
  case 9: {
    const std::string qq = q();
    return {"web/config.php",
            "$" + id() + g.spaces(20) + " = " + g.spaces(40) + qq + v + qq + ";\n", v};
  }
  case 10: {
    const std::string qq = q();
    return {"web/wp-config.php",
            "define(" + qq + styled(words, Style::upper_snake) + qq + "," + g.spaces(40) +
                " " + qq + v + qq + ");\n",
            v};
  }
  case 11:
    return {"config/app.rb",
            "  " + styled(words, Style::snake) + ":" + g.spaces(30) + " \"" + v + "\",\n",
            v};
  case 12:
    return {"Cargo/config.toml",
            any() + g.spaces(10) + " = " + g.spaces(30) + "\"" + v + "\"\n", v};
  case 13:
    return {"src/main/java/App.java",
            "  private static final String " + styled(words, Style::upper_snake) +
                g.spaces(10) + " = \"" + v + "\";\n",
            v};
  default: {
    const std::string kind = g.below(2) ? "ENV" : "ARG";
    const std::string name = styled(words, Style::upper_snake);
    const bool space_form = kind == "ENV" && g.below(2);
    return {"Dockerfile",
            "FROM alpine\n" + kind + " " + name + (space_form ? g.spaces(8) + " " : "=") +
                v + "\n",
            v};
  }
  }
}

// The layouts that are not `name = value`.
Case layout(Gen& g) {
  const std::string v = g.value();
  const std::string user =
      g.pick(std::vector<std::string>{"alice", "svc_deploy", "bob", "root2"});
  switch (g.below(11)) {
  case 0:
    return {"home/.pgpass",
            "db" + std::to_string(g.below(9)) + ".internal:5432:app:" + user + ":" + v +
                "\n",
            v};
  case 1: {
    // FileZilla stores the password base64-encoded: the secret is that encoding.
    static const char* b64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string enc;
    for (std::size_t i = 0; i < v.size(); i += 3) {
      unsigned n = static_cast<unsigned>(static_cast<unsigned char>(v[i])) << 16U;
      if (i + 1 < v.size())
        n |= static_cast<unsigned>(static_cast<unsigned char>(v[i + 1])) << 8U;
      if (i + 2 < v.size())
        n |= static_cast<unsigned>(static_cast<unsigned char>(v[i + 2]));
      enc += b64[(n >> 18) & 63];
      enc += b64[(n >> 12) & 63];
      enc += i + 1 < v.size() ? b64[(n >> 6) & 63] : '=';
      enc += i + 2 < v.size() ? b64[n & 63] : '=';
    }
    return {"AppData/FileZilla/sitemanager.xml",
            "<Server>\n  <Host>ftp.acme-corp.io</Host>\n  <User>" + user +
                "</User>\n  <Pass encoding=\"base64\">" + enc + "</Pass>\n</Server>\n",
            enc};
  }
  case 2:
    return {"scripts/fetch.sh",
            "curl --tlsuser " + user + g.spaces(3) + " --tlspassword " + v +
                " https://srp.acme-corp.io/data\n",
            v};
  case 3: {
    const std::string call = g.pick(std::vector<std::string>{
        "conn.login", "ftp.login", "imap.login", "smtp.login", "server.login"});
    const std::string qq = g.below(2) ? "\"" : "'";
    return {"jobs/mail.py", "  " + call + "(" + qq + user + qq + ", " + qq + v + qq + ")\n",
            v};
  }
  case 4: {
    const std::string name = styled(g.pick(names), Style::upper_snake);
    return {"k8s/deploy.yaml",
            "    env:\n      - name: " + name +
                "\n        value: " + (g.below(2) ? "\"" + v + "\"" : v) + "\n",
            v};
  }
  case 5:
    return {"infra/vars.yaml",
            "- key: " +
                g.pick(std::vector<std::string>{"password", "api_token", "client_secret"}) +
                "\n  value: " + v + "\n",
            v};
  case 6:
    return {"infra/params.json",
            "[{\"name\": \"DB_PASSWORD\", \"value\": \"" + v + "\"}]\n", v};
  case 7:
    return {"conf/users.yaml",
            g.pick(std::vector<std::string>{"passwords", "api_keys", "tokens"}) +
                ":\n  - " + v + "\n",
            v};
  case 8: {
    std::string hex;
    for (std::size_t i = 0; i < 32; ++i) hex += "0123456789abcdef"[g.below(16)];
    return {"myapp/config/master.key", hex + "\n", hex};
  }
  case 9:
    return {"AppData/FileZilla/recentservers.xml",
            "<Server><Host>h</Host><Pass>" + v + "</Pass></Server>\n", v};
  default:
    return {"jobs/ldap.py",
            "l.simple_bind_s('cn=" + user + ",dc=acme,dc=org', '" + v + "')\n", v};
  }
}

// With KEYSIFT_LAYOUTS_DUMP=DIR, each case is also written to DIR/KIND/N/PATH (and the
// expected secret to DIR/KIND/N.secret), so that bench/layouts_recall.py can score any
// keysift binary, an older one included, on the same cases.
void dump(const Case& c, const char* kind, int i) {
  const char* dir = std::getenv("KEYSIFT_LAYOUTS_DUMP");
  if (dir == nullptr || *dir == '\0') return;
  const std::filesystem::path base = std::filesystem::path(dir) / kind;
  const std::filesystem::path file = base / std::to_string(i) / c.path;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << c.text;
  std::ofstream(base / (std::to_string(i) + ".secret"), std::ios::binary) << c.secret;
}

void check(const Case& c, int i) {
  dump(c, "found", i);
  std::vector<std::string> rules;
  const auto secrets = secrets_found(c, rules);
  const bool ok = std::find(secrets.begin(), secrets.end(), c.secret) != secrets.end();
  std::string got;
  for (std::size_t k = 0; k < secrets.size(); ++k) got += " " + rules[k] + ":" + secrets[k];
  CHECK_MESSAGE(ok, "case " << i << " in " << c.path << " not found (found:" << got << ")\n"
                            << c.text);
}

} // namespace

TEST_CASE("every credential layout with a random value is found (generated)") {
  Gen g(20261207);
  for (int i = 0; i < 600; ++i) check(assignment(g), i);
  for (int i = 0; i < 300; ++i) check(layout(g), 600 + i);
}

TEST_CASE("the same values as code are not reported (generated)") {
  // The value as an identifier, a member access or a call in code: no finding.
  Gen g(20261208);
  for (int i = 0; i < 300; ++i) {
    const auto& words = g.pick(names);
    const std::string name = styled(words, g.pick(identifier_styles));
    const std::string v = g.value();
    const std::string expr = g.pick(std::vector<std::string>{
        v, "config." + v, "this." + v, v + "()", "!!" + v, "process.env." + v});
    const Case c{g.pick(std::vector<std::string>{"src/a.ts", "src/a.js", "app/a.py",
                                                 "cmd/a.go", "src/A.java"}),
                 "  " + name + " = " + expr + ";\n", v};
    dump(c, "quiet", i);
    std::vector<std::string> rules;
    const auto secrets = secrets_found(c, rules);
    CHECK_MESSAGE(secrets.empty(), "case " << i << " reported "
                                           << (rules.empty() ? "" : rules[0]) << " in "
                                           << c.path << ": " << c.text);
  }
}
