#include "reporters/junit_reporter.h"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "reporters/display.h"
#include "reporters/places.h"
#include "reporters/report_facts.h"
#include "reporters/utf8.h"

namespace keysift::reporters {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// One test case: a rule in a file, and every place it was found there.
struct Case {
  std::string description;
  std::vector<std::string> places;
};

std::string place_line(const scanner::Finding& f, const Place& p, bool show) {
  std::string line = p.column != 0 ? fmt::format("{}:{}:{}: ", p.path, p.line, p.column)
                                   : fmt::format("{}:{}: ", p.path, p.line);
  line += shown_secret(f, show);
  for (const auto& [key, value] : p.fields) {
    if (key == "message" || key == "email") continue;
    line += fmt::format(" {}={}", key, shown_text(value, f, show));
  }
  return line;
}

void write_case(std::string& out, const std::string& rule, const std::string& file,
                const Case& c) {
  out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"0\">\n",
                     xml_escape(rule), xml_escape(file), xml_escape(file));
  const std::string message =
      fmt::format("{} secret{}: {}", c.places.size(), c.places.size() == 1 ? "" : "s",
                  c.description.empty() ? rule : c.description);
  std::string body;
  for (const auto& p : c.places) body += p + "\n";
  out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                     xml_escape(message), xml_escape(rule), xml_escape(body));
  out += "    </testcase>\n";
}

void write_coverage(std::string& out, const scanner::ScanReport& report) {
  out += fmt::format("    <testcase classname=\"keysift.coverage\" name=\"scan\" "
                     "time=\"{:.3f}\">\n",
                     report.stats.seconds);
  if (!scan_complete(report)) {
    std::string body;
    for (const auto& e : report.errors)
      body += (e.path.empty() ? "" : e.path + ": ") + e.reason + "\n";
    out += fmt::format(
        "      <error message=\"{}\" type=\"incomplete\">{}</error>\n",
        xml_escape(fmt::format("the scan is incomplete: {} input{} failed",
                               report.errors.size(), report.errors.size() == 1 ? "" : "s")),
        xml_escape(body));
  }
  out +=
      fmt::format("      <system-out>{}</system-out>\n", xml_escape(coverage_line(report)));
  out += "    </testcase>\n";
}

} // namespace

void JunitReporter::on_finding(const scanner::Finding& /*finding*/,
                               const scanner::ScanReport& /*context*/) {}

void JunitReporter::finish(const scanner::ScanReport& report) {
  std::string out;
  guarded("cannot write the junit report", [&] {
    std::map<std::pair<std::string, std::string>, Case> cases; // (rule, file) in order
    for (const auto& f : report.findings) {
      const rules::Rule& rule = report.rule(f);
      for (const Place& p : places_of(f, report.catalog)) {
        Case& c = cases[{rule.id, std::string(p.path)}];
        c.description = rule.description;
        c.places.push_back(place_line(f, p, options().show_secrets));
      }
    }
    const std::size_t errors = scan_complete(report) ? 0 : 1;
    const std::string counts =
        fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\"",
                    cases.size() + 1, cases.size(), errors, report.stats.seconds);
    out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"keysift\" {}>\n", counts);
    out += fmt::format("  <testsuite name=\"keysift\" {} skipped=\"0\">\n", counts);
    if (!options().tool_version.empty())
      out += fmt::format("    <properties>\n      <property name=\"keysift.version\" "
                         "value=\"{}\"/>\n    </properties>\n",
                         xml_escape(options().tool_version));
    write_coverage(out, report);
    for (const auto& [key, c] : cases) write_case(out, key.first, key.second, c);
    out += "  </testsuite>\n</testsuites>\n";
  });
  if (status().is_ok()) write(out, true);
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    const char32_t cp = utf8_decode(text, i, len);
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
        cp == 0xFFFF) {
      out += kReplacement;
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else if (cp == '\'') {
      out += "&apos;";
    } else if (cp == '\r') {
      out += "&#13;"; // kept as written: XML parsers turn a bare \r into \n
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

} // namespace keysift::reporters
