#include "scanner/gate.h"

#include "scanner/source.h"

namespace keysift::scanner {

bool looks_binary(std::string_view head) {
  return head.substr(0, 8000).find('\0') != std::string_view::npos;
}

std::string_view skip_reason(Skip skip) {
  switch (skip) {
  case Skip::allowlisted_path:
    return "allowlisted path";
  case Skip::binary:
    return "binary";
  case Skip::too_large:
    return "too large";
  case Skip::none:
    break;
  }
  return "";
}

Gate::Gate(std::shared_ptr<const CompiledRules> rules, GateOptions options)
    : rules_(std::move(rules)), options_(std::move(options)) {}

bool Gate::allowlisted(std::string_view path) const {
  return (rules_ && any_partial(rules_->global_allowlist().paths, path)) ||
         (options_.skip_path && options_.skip_path(path));
}

Skip Gate::judge(const GateInput& input) const {
  if (input.path && allowlisted(*input.path)) return Skip::allowlisted_path;
  if (input.size && options_.max_size != 0 && *input.size > options_.max_size)
    return Skip::too_large;
  if (input.head && !options_.scan_binary && looks_binary(*input.head)) return Skip::binary;
  return Skip::none;
}

std::optional<std::string_view> Gate::path_of(const Location& where) {
  if (const auto* f = std::get_if<FileOrigin>(&where)) return f->path;
  if (const auto* b = std::get_if<GitBlobOrigin>(&where))
    return b->message ? std::nullopt : std::optional<std::string_view>(b->path);
  if (const auto* i = std::get_if<ImageOrigin>(&where))
    return i->layer == no_index ? std::nullopt : std::optional<std::string_view>(i->path);
  return std::nullopt; // stdin, a blob no commit reaches
}

const Gate& ChunkSink::gate() const {
  static const Gate open;
  return open;
}

} // namespace keysift::scanner
