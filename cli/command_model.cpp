#include "cli/command_model.h"

#include <algorithm>

namespace keysift::cli {
namespace {

// CLI11 writes an IsMember check as "{a,b,c}" after the type name.
std::vector<std::string> choices_of(const std::string& type) {
  std::vector<std::string> out;
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return out;
  const std::string list = type.substr(open + 1, close - open - 1);
  std::size_t at = 0;
  while (at <= list.size()) {
    const auto comma = std::min(list.find(',', at), list.size());
    if (comma > at) out.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

ValueKind kind_of(const CLI::Option& opt, const std::string& type) {
  if (opt.get_items_expected_max() == 0) return ValueKind::none;
  if (!choices_of(type).empty()) return ValueKind::choice;
  if (type.starts_with("INT") || type.starts_with("UINT") || type.starts_with("FLOAT"))
    return ValueKind::number;
  if (!opt.nonpositional() || type.starts_with("FILE") || type.starts_with("DIR") ||
      type.starts_with("PATH"))
    return ValueKind::path;
  return ValueKind::text;
}

OptionModel describe_option(const CLI::Option& opt) {
  OptionModel o;
  o.type = opt.get_type_name();
  o.description = opt.get_description();
  o.positional = !opt.nonpositional();
  if (o.positional) {
    o.names.push_back(opt.get_name(true));
    o.repeatable = opt.get_items_expected_max() > 1;
  } else {
    for (const auto& s : opt.get_snames()) o.names.push_back("-" + s);
    for (const auto& l : opt.get_lnames()) o.names.push_back("--" + l);
  }
  o.value = kind_of(opt, o.type);
  if (o.value == ValueKind::choice) o.choices = choices_of(o.type);
  return o;
}

} // namespace

std::string CommandModel::name() const {
  std::string out = "keysift";
  for (const auto& p : path) out += " " + p;
  return out;
}

std::string CommandModel::usage() const {
  std::string out = name() + " [OPTIONS]";
  for (const auto& o : options) {
    if (!o.positional) continue;
    out += " [" + o.names[0] + (o.repeatable ? "...]" : "]");
  }
  if (!subcommands.empty()) out += " COMMAND";
  return out;
}

bool CommandModel::takes_paths() const {
  return std::any_of(options.begin(), options.end(), [](const OptionModel& o) {
    return o.positional && o.value == ValueKind::path;
  });
}

CommandModel describe(const CLI::App& app, std::vector<std::string> path) {
  CommandModel c;
  c.path = std::move(path);
  c.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue; // hidden
    c.options.push_back(describe_option(*opt));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) {
         return !s->get_group().empty() && !s->get_disabled();
       })) {
    auto sub_path = c.path;
    sub_path.push_back(sub->get_name());
    c.subcommands.push_back(describe(*sub, std::move(sub_path)));
  }
  return c;
}

std::vector<const CommandModel*> flatten(const CommandModel& root) {
  std::vector<const CommandModel*> out{&root};
  for (const auto& sub : root.subcommands) {
    auto more = flatten(sub);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

} // namespace keysift::cli
