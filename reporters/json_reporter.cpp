#include "reporters/json_reporter.h"

#include "reporters/coverage.h"
#include "reporters/json_fields.h"
#include "reporters/json_out.h"

namespace keysift::reporters {

void JsonReporter::on_finding(const scanner::Finding& /*finding*/,
                              const scanner::ScanReport& /*context*/) {}

namespace {

void write_shard(JsonOut& out, const ShardSection& shard) {
  out.key("shard");
  out.begin_object();
  out.member("index", std::uint64_t{shard.index});
  out.member("count", std::uint64_t{shard.count});
  out.member("walk", shard.walk);
  out.member("rules", shard.rules);
  out.member("version", shard.version);
  out.member("show_allowed", std::string_view(shard.show_allowed ? "yes" : "no"));
  out.key("ranks");
  out.begin_object();
  for (const auto& [id, rank] : shard.ranks) out.member(id, rank);
  out.end_object();
  out.key("help");
  out.begin_object();
  for (const auto& [id, help] : shard.help) out.member(id, help);
  out.end_object();
  out.end_object();
}

} // namespace

void JsonReporter::finish(const scanner::ScanReport& report) {
  std::string text;
  guarded("cannot write the json report", [&] {
    JsonOut out(text, 2);
    out.begin_object();
    out.key("findings");
    out.begin_array();
    for (const auto& finding : report.findings)
      write_finding(out, finding, report, options().show_secrets);
    out.end_array();
    if (options().show_allowed || options().shard) {
      out.key("allowed");
      out.begin_array();
      for (const auto& finding : report.allowed)
        write_finding(out, finding, report, options().show_secrets);
      out.end_array();
    }
    out.key("errors");
    out.begin_array();
    for (const auto& error : report.errors) {
      out.begin_object();
      out.member("path", error.path);
      out.member("reason", error.reason);
      out.member("kind", error.kind);
      out.end_object();
    }
    out.end_array();
    out.key("stats");
    write_coverage(out, report);
    if (!report.notes.empty()) {
      out.key("notes");
      out.begin_array();
      for (const auto& n : report.notes) {
        out.begin_object();
        out.member("kind", n.kind);
        out.member("where", n.where);
        out.member("entry", n.fingerprint);
        if (!n.detail.empty()) out.member("detail", n.detail);
        out.end_object();
      }
      out.end_array();
    }
    if (options().shard) write_shard(out, *options().shard);
    out.end_object();
    text += '\n';
  });
  if (status().is_ok()) write(text, true);
}

} // namespace keysift::reporters
