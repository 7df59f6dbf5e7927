#include "reporters/report_read.h"

#include <algorithm>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "codec/json_depth.h"

namespace keysift::reporters {
namespace {

using Json = nlohmann::json;

// A failure while reading: the first one is kept, with the field's place.
struct Fail {
  std::string message;
};

const Json& member(const Json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) throw Fail{where + "." + key + ": missing"};
  return *it;
}

std::string text(const Json& object, const char* key, const std::string& where,
                 bool optional = false) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (optional) return {};
    throw Fail{where + "." + key + ": missing"};
  }
  if (!it->is_string()) throw Fail{where + "." + key + ": not a string"};
  return it->get<std::string>();
}

std::uint64_t whole(const Json& value, const std::string& where) {
  if (!value.is_number_unsigned()) throw Fail{where + ": not a whole number"};
  return value.get<std::uint64_t>();
}

std::uint64_t whole(const Json& object, const char* key, const std::string& where) {
  return whole(member(object, key, where), where + "." + key);
}

// A location's "line" field: digits, written as a string (reporters/location_fields.h).
std::uint64_t line_field(const Json& object, const std::string& where) {
  const std::string s = text(object, "line", where, true);
  if (s.empty()) return 0;
  if (s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
    throw Fail{where + ".line: not a line number"};
  return std::stoull(s);
}

const Json& object_at(const Json& object, const char* key, const std::string& where) {
  const Json& v = member(object, key, where);
  if (!v.is_object()) throw Fail{where + "." + key + ": not an object"};
  return v;
}

const Json& array_at(const Json& object, const char* key, const std::string& where) {
  const Json& v = member(object, key, where);
  if (!v.is_array()) throw Fail{where + "." + key + ": not an array"};
  return v;
}

std::map<std::string, std::uint64_t> counts(const Json& object, const std::string& where,
                                            std::initializer_list<const char*> skip = {}) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [key, value] : object.items()) {
    const std::string_view name = key; // a lambda cannot capture a structured binding
    if (std::find_if(skip.begin(), skip.end(), [&](const char* s) { return name == s; }) !=
        skip.end())
      continue;
    if (value.is_array() || value.is_string()) continue; // e.g. requested.targets, mode
    out[key] = whole(value, where + "." + key);
  }
  return out;
}

class Reader {
public:
  explicit Reader(const ReadLimits& limits) : limits_(limits) {}

  void read(const Json& doc) {
    if (!doc.is_object()) throw Fail{"report: not a json object"};
    if (doc.contains("shard")) read_shard(object_at(doc, "shard", "report"));
    read_findings(array_at(doc, "findings", "report"), out_.report.findings, "findings");
    if (doc.contains("allowed"))
      read_findings(array_at(doc, "allowed", "report"), out_.report.allowed, "allowed");
    for (const auto& e : array_at(doc, "errors", "report")) {
      if (!e.is_object()) throw Fail{"errors[]: not an object"};
      out_.report.errors.push_back({text(e, "path", "errors[]"),
                                    text(e, "reason", "errors[]"),
                                    text(e, "kind", "errors[]")});
    }
    read_stats(object_at(doc, "stats", "report"));
    if (doc.contains("notes"))
      for (const auto& n : array_at(doc, "notes", "report")) {
        if (!n.is_object()) throw Fail{"notes[]: not an object"};
        out_.report.notes.push_back(
            {text(n, "kind", "notes[]"), text(n, "where", "notes[]"),
             text(n, "entry", "notes[]"), text(n, "detail", "notes[]", true)});
      }
    number_rules();
  }

  ReadReport take() { return std::move(out_); }

private:
  void read_shard(const Json& s) {
    ShardSection& shard = out_.shard;
    out_.has_shard = true;
    const std::uint64_t index = whole(s, "index", "shard"),
                        count = whole(s, "count", "shard");
    if (count == 0 || count > UINT32_MAX || index >= count)
      throw Fail{fmt::format("shard: index {} of {} is not a shard", index, count)};
    shard.index = static_cast<std::uint32_t>(index);
    shard.count = static_cast<std::uint32_t>(count);
    shard.walk = text(s, "walk", "shard");
    shard.rules = text(s, "rules", "shard");
    shard.version = text(s, "version", "shard");
    shard.show_allowed = text(s, "show_allowed", "shard") == "yes";
    for (const auto& [id, rank] : object_at(s, "ranks", "shard").items())
      shard.ranks.emplace_back(id, whole(rank, "shard.ranks." + id.substr(0, 40)));
    for (const auto& [id, help] : object_at(s, "help", "shard").items()) {
      if (!help.is_string()) throw Fail{"shard.help: not a string"};
      shard.help.emplace_back(id, help.get<std::string>());
    }
  }

  void read_stats(const Json& s) {
    scanner::ScanStats& stats = out_.report.stats;
    stats.status = text(s, "status", "stats");
    stats.files_scanned = whole(s, "files_scanned", "stats");
    stats.bytes_scanned = whole(s, "bytes_scanned", "stats");
    const Json& requested = object_at(s, "requested", "stats");
    stats.requested.mode = text(requested, "mode", "stats.requested");
    for (const auto& t : array_at(requested, "targets", "stats.requested")) {
      if (!t.is_string()) throw Fail{"stats.requested.targets: not a string"};
      stats.requested.targets.push_back(t.get<std::string>());
    }
    stats.requested.units = counts(requested, "stats.requested");
    stats.scanned =
        counts(object_at(s, "scanned", "stats"), "stats.scanned", {"files", "bytes"});
    stats.skipped = counts(object_at(s, "skipped", "stats"), "stats.skipped");
    for (const auto& k : array_at(s, "allowed_gaps", "stats")) {
      if (!k.is_string()) throw Fail{"stats.allowed_gaps: not a string"};
      stats.allowed_gaps.push_back(k.get<std::string>());
    }
    stats.rules = whole(s, "rules", "stats");
    const Json& seconds = member(s, "seconds", "stats");
    if (!seconds.is_number() || !(seconds.get<double>() >= 0) ||
        seconds.get<double>() > 1e9)
      throw Fail{"stats.seconds: not a number of seconds"};
    stats.seconds = seconds.get<double>();
    if (s.contains("started") || s.contains("ended")) {
      stats.started_ms = utc_ms(member(s, "started", "stats"), "stats.started");
      stats.ended_ms = utc_ms(member(s, "ended", "stats"), "stats.ended");
      if (stats.ended_ms < stats.started_ms)
        throw Fail{"stats.ended: before stats.started"};
    }
    if (s.contains("cpu_seconds")) {
      const Json& cpu = member(s, "cpu_seconds", "stats");
      if (!cpu.is_number() || !(cpu.get<double>() >= 0) || cpu.get<double>() > 1e9)
        throw Fail{"stats.cpu_seconds: not a number of seconds"};
      stats.cpu_seconds = cpu.get<double>();
    }
    if (s.contains("allowed"))
      stats.allowed = counts(object_at(s, "allowed", "stats"), "stats.allowed");
  }

  // A time as the reports write it (reporters/coverage.h, utc_time:
  // "2026-12-07T18:40:00.123Z") in Unix milliseconds; anything else is an error.
  static std::int64_t utc_ms(const Json& j, const std::string& where) {
    if (!j.is_string()) throw Fail{where + ": not a time"};
    const std::string t = j.get<std::string>();
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    bool ok = t.size() == sizeof shape - 1;
    for (std::size_t i = 0; ok && i < t.size(); ++i)
      ok = shape[i] == 'd' ? (t[i] >= '0' && t[i] <= '9') : t[i] == shape[i];
    if (!ok) throw Fail{where + ": not a UTC time YYYY-MM-DDTHH:MM:SS.mmmZ"};
    auto num = [&](std::size_t at, std::size_t n) {
      int v = 0;
      for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
      return v;
    };
    std::tm tm{};
    tm.tm_year = num(0, 4) - 1900;
    tm.tm_mon = num(5, 2) - 1;
    tm.tm_mday = num(8, 2);
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
    if (tm.tm_year < 70 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
      throw Fail{where + ": not a UTC time YYYY-MM-DDTHH:MM:SS.mmmZ"};
    const std::time_t secs = timegm(&tm);
    return static_cast<std::int64_t>(secs) * 1000 + num(20, 3);
  }

  // The rule a finding names, described by the finding (the first description wins).
  std::uint32_t rule_of(const Json& f, const std::string& where) {
    const std::string id = text(f, "rule_id", where);
    if (id.empty()) throw Fail{where + ".rule_id: empty"};
    const auto it = rule_numbers_.find(id);
    if (it != rule_numbers_.end()) return it->second;
    rules::Rule rule;
    rule.id = id;
    rule.description = text(f, "description", where);
    rule.severity = text(f, "severity", where);
    for (const auto& tag : array_at(f, "tags", where)) {
      if (!tag.is_string()) throw Fail{where + ".tags: not a string"};
      rule.tags.push_back(tag.get<std::string>());
    }
    const auto n = static_cast<std::uint32_t>(rules_.size());
    rules_.push_back(std::move(rule));
    rule_numbers_.emplace(id, n);
    return n;
  }

  // A place: a commit's file or message (with a "commit" field), an unreachable blob
  // ("blob"), else a file.
  scanner::Location location(const Json& o, const std::string& where, bool with_line) {
    const std::string path = text(o, "path", where);
    const std::uint64_t line = with_line ? line_field(o, where) : 0;
    if (o.contains("commit")) {
      scanner::CommitInfo info{text(o, "commit", where), text(o, "author", where),
                               text(o, "email", where), text(o, "date", where),
                               text(o, "message", where)};
      auto [it, added] = commits_.emplace(info.id, out_.report.catalog.commits.size());
      if (added) out_.report.catalog.commits.push_back(std::move(info));
      const bool message =
          path == scanner::commit_message_label || path.rfind("<tag message ", 0) == 0;
      return scanner::GitBlobOrigin{static_cast<std::uint32_t>(it->second), path, line,
                                    message};
    }
    if (o.contains("blob"))
      return scanner::GitObjectOrigin{text(o, "blob", where), path, line};
    return scanner::FileOrigin{path};
  }

  void read_findings(const Json& array, std::vector<scanner::Finding>& out,
                     const std::string& name) {
    for (const auto& f : array) {
      const std::string where = fmt::format("{}[{}]", name, out.size());
      if (!f.is_object()) throw Fail{where + ": not an object"};
      if (++findings_ > limits_.max_findings)
        throw Fail{fmt::format("more than {} findings", limits_.max_findings)};
      scanner::Finding finding;
      finding.rule = rule_of(f, where);
      finding.line = whole(f, "line", where);
      finding.column = whole(f, "column", where);
      finding.end_line = whole(f, "end_line", where);
      finding.end_column = whole(f, "end_column", where);
      finding.secret = text(f, "secret", where);
      finding.match = text(f, "match", where);
      const Json& entropy = member(f, "entropy", where);
      // Bits per byte: at most 8; anything else is not a value a scan wrote.
      if (!entropy.is_number() || !(entropy.get<double>() >= 0) ||
          entropy.get<double>() > 8)
        throw Fail{where + ".entropy: not an entropy"};
      finding.entropy = entropy.get<double>();
      finding.fingerprint = text(f, "fingerprint", where);
      finding.context = text(f, "context", where, true);
      for (const char* key : {"decoded", "attr_decoded"})
        if (f.contains(key)) finding.decoded.push_back(text(f, key, where));
      if (f.contains("allowed")) {
        const Json& a = object_at(f, "allowed", where);
        finding.allowed = {text(a, "kind", where + ".allowed"),
                           text(a, "by", where + ".allowed"),
                           text(a, "reason", where + ".allowed")};
      }
      std::vector<scanner::Location> also;
      if (f.contains("locations"))
        for (const auto& l : array_at(f, "locations", where)) {
          if (!l.is_object()) throw Fail{where + ".locations[]: not an object"};
          if (++locations_ > limits_.max_locations)
            throw Fail{fmt::format("more than {} locations", limits_.max_locations)};
          also.push_back(location(l, where + ".locations[]", true));
        }
      finding.origin = scanner::make_origin(location(f, where, false), std::move(also));
      out.push_back(std::move(finding));
    }
  }

  // Rules in id order (the order a rule set keeps, and SARIF's), findings renumbered.
  void number_rules() {
    std::vector<std::uint32_t> order(rules_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return rules_[a].id < rules_[b].id;
    });
    std::vector<std::uint32_t> renumber(rules_.size());
    auto set = std::make_shared<rules::RuleSet>();
    for (std::uint32_t i = 0; i < order.size(); ++i) {
      renumber[order[i]] = i;
      set->rules.push_back(rules_[order[i]]);
    }
    for (auto& r : set->rules)
      for (const auto& [id, help] : out_.shard.help)
        if (id == r.id) r.help = help;
    for (auto* list : {&out_.report.findings, &out_.report.allowed})
      for (auto& f : *list) f.rule = renumber[f.rule];
    out_.report.rules = std::move(set);
  }

  const ReadLimits& limits_;
  ReadReport out_;
  std::vector<rules::Rule> rules_;
  std::map<std::string, std::uint32_t> rule_numbers_;
  std::map<std::string, std::size_t> commits_;
  std::size_t findings_ = 0, locations_ = 0;
};

} // namespace

Result<ReadReport> read_json_report(std::string_view text, const ReadLimits& limits) {
  if (text.size() > limits.max_bytes)
    return Status::error(fmt::format("the report is {} bytes, over the limit of {}",
                                     text.size(), limits.max_bytes));
  if (!codec::json_depth_within(text))
    return Status::error(
        fmt::format("the report nests deeper than {} levels", codec::max_json_depth));
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::error("the report is not valid json");
  try {
    Reader reader(limits);
    reader.read(doc);
    return reader.take();
  } catch (const Fail& f) {
    return Status::error("the report's " + f.message);
  } catch (const Json::exception& e) {
    return Status::error(std::string("the report has an unexpected value: ") + e.what());
  }
}

} // namespace keysift::reporters
