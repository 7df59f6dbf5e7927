#include "cli/man_page.h"

#include <cctype>

#include <fmt/core.h>

namespace keysift::cli {

std::string roff_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// ".TP\n.BR \-f , \-\-format\n\fIVALUE\fR ..." for one option or argument.
std::string option_entry(const OptionModel& o) {
  std::string head;
  for (const auto& n : o.names) head += (head.empty() ? "" : "\\fR, \\fB") + roff_escape(n);
  head = "\\fB" + head + "\\fR";
  if (o.positional)
    head = "\\fI" + roff_escape(o.names[0]) + (o.repeatable ? "\\fR..." : "\\fR");
  if (!o.positional && o.value == ValueKind::choice) {
    std::string choices;
    for (const auto& c : o.choices)
      choices += (choices.empty() ? "" : "|") + roff_escape(c);
    head += " " + choices;
  } else if (!o.positional && o.value != ValueKind::none) {
    head += " \\fI" + roff_escape(o.type.substr(0, o.type.find(':'))) + "\\fR";
  }
  return ".TP\n" + head + "\n" + roff_escape(o.description) + "\n";
}

std::string command_section(const CommandModel& c) {
  std::string out =
      ".SH \"" + roff_escape(c.path.empty() ? "OPTIONS" : upper(c.name())) + "\"\n";
  if (!c.path.empty()) {
    out += ".B " + roff_escape(c.usage()) + "\n.PP\n" + roff_escape(c.description) + ".\n";
  }
  bool positionals = false;
  for (const auto& o : c.options) positionals = positionals || o.positional;
  if (positionals) {
    out += ".PP\nArguments:\n";
    for (const auto& o : c.options)
      if (o.positional) out += option_entry(o);
  }
  if (!c.path.empty()) out += ".PP\nOptions:\n";
  for (const auto& o : c.options)
    if (!o.positional) out += option_entry(o);
  if (!c.subcommands.empty()) {
    out += ".PP\nCommands:\n";
    for (const auto& sub : c.subcommands)
      out +=
          ".TP\n.B " + roff_escape(sub.name()) + "\n" + roff_escape(sub.description) + "\n";
  }
  return out;
}

} // namespace

std::string man_page(const CommandModel& root, std::string_view manual_template,
                     std::string_view version) {
  std::string commands;
  for (const CommandModel* c : flatten(root)) commands += command_section(*c);
  if (!commands.empty() && commands.back() == '\n') commands.pop_back();
  std::string out(manual_template);
  for (auto at = out.find("@VERSION@"); at != std::string::npos; at = out.find("@VERSION@"))
    out.replace(at, 9, version);
  if (const auto at = out.find("@COMMANDS@"); at != std::string::npos)
    out.replace(at, 10, commands);
  return out;
}

} // namespace keysift::cli
