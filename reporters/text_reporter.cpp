#include "reporters/text_reporter.h"

#include <map>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "reporters/display.h"
#include "reporters/line_excerpt.h"
#include "reporters/location_fields.h"
#include "reporters/text_summary.h"

namespace keysift::reporters {

namespace {

// SGR parameters; painted only when colours are on.
constexpr std::string_view kBold = "1";
constexpr std::string_view kBoldRed = "1;31";
constexpr std::string_view kYellow = "33";
constexpr std::string_view kCyan = "36";
constexpr std::string_view kDim = "2";

constexpr std::string_view kIndent = "  ";
constexpr std::string_view kLineIndent = "    ";

class Painter {
public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view sgr, std::string_view text) const {
    if (!color_ || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
  }
  bool color() const { return color_; }

private:
  bool color_;
};

std::string_view severity_sgr(std::string_view severity) {
  if (severity == "critical" || severity == "high") return kBoldRed;
  if (severity == "medium") return kYellow;
  if (severity == "low") return kCyan;
  return kDim;
}

std::string display_path(std::string_view path) {
  return path == "-" ? std::string("<stdin>") : terminal_safe(path);
}

std::string header(const rules::Rule& rule, const Painter& paint) {
  const std::string severity = terminal_safe(rule.severity);
  return fmt::format("{} {}\n",
                     paint(severity_sgr(rule.severity), fmt::format("[{}]", severity)),
                     paint(kBold, terminal_safe(rule.id)));
}

std::string location(const scanner::Finding& finding, const Painter& paint) {
  return fmt::format("{}{}\n", kIndent,
                     paint(kBold, fmt::format("{}:{}:{}", display_path(finding.path()),
                                              finding.line, finding.column)));
}

// The line with the secret marked: in bold red with colours, else by a caret line.
std::string excerpt(const scanner::Finding& finding, bool show_secrets,
                    const std::vector<std::string>& also, const Painter& paint) {
  const LineExcerpt ex = make_line_excerpt(finding, show_secrets, kExcerptCells, also);
  if (ex.before.empty() && ex.secret.empty() && ex.after.empty()) return {};
  std::string out = fmt::format("{}{}{}{}\n", kLineIndent, ex.before,
                                paint(kBoldRed, ex.secret), ex.after);
  if (!paint.color() && ex.secret_cells > 0) {
    out += fmt::format("{}{}{}\n", kLineIndent, std::string(ex.before_cells, ' '),
                       std::string(ex.secret_cells, '^'));
  }
  return out;
}

// The other places the same bytes were seen: the first of them and a count.
std::string other_locations(const scanner::Finding& finding,
                            const scanner::Catalog& catalog, const Painter& paint) {
  if (!finding.origin || finding.origin->also.empty()) return {};
  const auto& also = finding.origin->also;
  std::string commit;
  for (const auto& [key, value] : location_fields(also.front(), catalog))
    if (key == "commit")
      commit = fmt::format(" (commit {})", terminal_safe(value.substr(0, 12)));
  const std::size_t n = also.size();
  return fmt::format("{}{} {} more location{}: {}{}{}\n", kIndent, paint(kDim, "also:"), n,
                     n == 1 ? "" : "s", display_path(scanner::path_of(also.front())),
                     commit, n == 1 ? "" : ", … (--format json lists all)");
}

std::string details(const scanner::Finding& finding, const scanner::ScanReport& report,
                    bool show_secrets, const std::vector<std::string>& also,
                    const Painter& paint) {
  std::string out;
  const std::string& description = report.rule(finding).description;
  if (!description.empty()) {
    out += fmt::format("{}{}\n", kIndent, terminal_safe(description));
  }
  out += fmt::format("{}{} {}\n", kIndent, paint(kDim, "fingerprint:"),
                     terminal_safe(finding.fingerprint));
  if (!finding.context.empty())
    out += fmt::format("{}{} {}\n", kIndent, paint(kDim, "context:"), finding.context);
  if (!finding.allowed.kind.empty())
    out += fmt::format(
        "{}{} {} {}{}\n", kIndent, paint(kDim, "allowed:"),
        terminal_safe(finding.allowed.kind), terminal_safe(finding.allowed.by),
        finding.allowed.reason.empty() ? ""
                                       : " -- " + terminal_safe(finding.allowed.reason));
  for (const auto& [key, value] : finding_fields(finding, report.catalog)) {
    out += fmt::format("{}{} {}\n", kIndent, paint(kDim, terminal_safe(key) + ":"),
                       terminal_safe(shown_text(value, finding, show_secrets, also)));
  }
  return out + other_locations(finding, report.catalog, paint);
}

// Each finding's block redacts `also`: the secrets (and encoded forms) of every finding
// of the same input, so a line or a commit message holding two secrets shows neither.
std::string finding_block(const scanner::Finding& finding,
                          const scanner::ScanReport& report, bool show_secrets,
                          const std::vector<std::string>& also, const Painter& paint) {
  return header(report.rule(finding), paint) + location(finding, paint) +
         excerpt(finding, show_secrets, also, paint) +
         details(finding, report, show_secrets, also, paint) + "\n";
}

// The secret forms of all findings, allowed ones included (an allowed secret is still a
// secret), by the input (origin) they were found in.
std::map<const scanner::Origin*, std::vector<std::string>>
forms_by_origin(const scanner::ScanReport& report) {
  std::map<const scanner::Origin*, std::vector<std::string>> out;
  for (const auto* list : {&report.findings, &report.allowed})
    for (const auto& f : *list)
      for (auto& form : secret_forms(f)) out[f.origin.get()].push_back(std::move(form));
  return out;
}

} // namespace

void TextReporter::on_finding(const scanner::Finding& /*finding*/,
                              const scanner::ScanReport& /*context*/) {}

void TextReporter::finish(const scanner::ScanReport& report) {
  const Painter paint(options().color);
  const bool show = options().show_secrets;
  std::map<const scanner::Origin*, std::vector<std::string>> forms;
  guarded("cannot write the text report", [&] { forms = forms_by_origin(report); });
  if (!status().is_ok()) return;
  // Written block by block: a large report is never held whole in memory.
  for (const auto& finding : report.findings) {
    std::string block;
    guarded("cannot write the text report", [&] {
      block = finding_block(finding, report, show, forms[finding.origin.get()], paint);
    });
    if (!status().is_ok()) return;
    write(block);
  }
  if (options().show_allowed && !report.allowed.empty()) {
    write(paint(kBold, fmt::format("allowed ({}):", report.allowed.size())) + "\n\n");
    for (const auto& finding : report.allowed) {
      std::string block;
      guarded("cannot write the text report", [&] {
        block = finding_block(finding, report, show, forms[finding.origin.get()], paint);
      });
      if (!status().is_ok()) return;
      write(block);
    }
  }
  // Input errors are diagnostics: the CLI writes them to stderr; the summary counts them.
  std::string tail;
  guarded("cannot write the text report",
          [&] { tail = paint(kBold, text_summary(report)) + "\n"; });
  if (status().is_ok()) write(tail, true);
}

} // namespace keysift::reporters
