#include "git/message_scan.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_set>

#include "codec/sha256.h"
#include "git/commit_meta.h"
#include "git/handles.h"
#include "git/oid_hash.h"
#include "scanner/scan.h"

namespace keysift::git {
namespace {

using Tag = GitPtr<git_tag, git_tag_free>;

std::string first_line(std::string_view text) {
  std::string out(text.substr(0, text.find('\n')));
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

// A tag object's description and message (its tagger may be absent: old tags).
TagMessage describe_tag(const git_tag* tag, std::string name) {
  TagMessage out;
  out.name = std::move(name);
  out.info.id = oid_hex(*git_tag_id(tag));
  if (const git_signature* who = git_tag_tagger(tag); who != nullptr) {
    out.info.author = who->name != nullptr ? who->name : "";
    out.info.email = who->email != nullptr ? who->email : "";
    out.info.date = iso8601(who->when.time, who->when.offset);
  }
  const char* message = git_tag_message(tag);
  out.message = message != nullptr ? message : "";
  out.info.message = first_line(out.message);
  return out;
}

struct TagWalk {
  git_repository* repo;
  std::vector<TagMessage> tags;
  std::unordered_set<git_oid, OidHash, OidEqual> seen;
};

// Appends the chain of tag objects from `id` not yet in `seen`. A chain is bounded by the
// tags not yet seen; a cycle cannot be built with object ids, but a corrupt store is no
// reason to loop.
void follow_tags(git_repository* repo, git_oid id, std::string_view name,
                 std::unordered_set<git_oid, OidHash, OidEqual>& seen,
                 std::vector<TagMessage>& out) {
  for (int depth = 0; depth < 64; ++depth) {
    if (seen.count(id) != 0) return;
    git_tag* raw = nullptr;
    if (git_tag_lookup(&raw, repo, &id) != 0) {
      git_error_clear(); // a lightweight tag (a commit, tree or blob): no message
      return;
    }
    Tag tag(raw);
    seen.insert(id);
    out.push_back(describe_tag(tag.get(), std::string(name)));
    if (git_tag_target_type(tag.get()) != GIT_OBJECT_TAG) return;
    id = *git_tag_target_id(tag.get());
  }
}

// git_tag_foreach's callback: follows a chain of tag objects from one ref.
int visit_tag(const char* ref, git_oid* oid, void* payload) {
  auto& walk = *static_cast<TagWalk*>(payload);
  std::string_view name(ref);
  if (name.starts_with("refs/tags/")) name.remove_prefix(10);
  follow_tags(walk.repo, *oid, name, walk.seen, walk.tags);
  return 0;
}

MessageResults::Digest digest_of(std::string_view message) {
  const std::string hex = codec::sha256_hex(message);
  return {std::stoull(hex.substr(0, 16), nullptr, 16),
          std::stoull(hex.substr(16, 16), nullptr, 16)};
}

} // namespace

std::string_view message_of(std::string_view object_bytes) {
  const std::size_t blank = object_bytes.find("\n\n");
  if (blank == std::string_view::npos) return {};
  return object_bytes.substr(blank + 2);
}

Result<std::vector<TagMessage>> annotated_tags(git_repository* repo) {
  TagWalk walk{repo, {}, {}};
  const int rc = git_tag_foreach(repo, visit_tag, &walk);
  if (rc != 0 && rc != GIT_ENOTFOUND) return git_failure("listing the tags");
  std::sort(walk.tags.begin(), walk.tags.end(),
            [](const TagMessage& a, const TagMessage& b) { return a.name < b.name; });
  return std::move(walk.tags);
}

std::vector<TagMessage> tag_chain(git_repository* repo, const git_oid& id,
                                  const std::string& name) {
  std::unordered_set<git_oid, OidHash, OidEqual> seen;
  std::vector<TagMessage> out;
  follow_tags(repo, id, name, seen, out);
  return out;
}

void MessageSet::add(std::string message, scanner::Location place) {
  if (message.empty()) return;
  auto [it, fresh] = index_.try_emplace(std::move(message), messages_.size());
  if (fresh) messages_.push_back({it->first, {}});
  messages_[it->second].second.push_back(std::move(place));
}

bool MessageSet::push(scanner::ChunkSink& sink) {
  sink.expected("messages", messages_.size());
  for (auto& [text, places] : messages_) {
    scanner::Chunk chunk;
    scanner::Location first = std::move(places.front());
    places.erase(places.begin());
    chunk.origin = scanner::make_origin(std::move(first), std::move(places));
    chunk.data = std::move(text);
    if (!sink.push(std::move(chunk))) return false;
    sink.covered("messages");
  }
  messages_.clear();
  index_.clear();
  return true;
}

std::uint32_t& MessageResults::Seen::at(const Digest& d, bool& fresh) {
  unsigned char id[GIT_OID_RAWSZ] = {};
  std::memcpy(id, &d.a, sizeof d.a);
  std::memcpy(id + sizeof d.a, &d.b, sizeof d.b);
  const std::uint32_t n = ids_.insert(id, fresh);
  if (fresh) values_.push_back(clean);
  return values_[n];
}

MessageScanner::MessageScanner(scanner::TaskContext& context, MessageResults& results)
    : context_(context), deferred_(context.confirmer().deferring_path()),
      results_(results) {}

Status MessageScanner::scan(std::string_view message, MessagePlace place) {
  if (message.empty()) return Status::ok();
  bool fresh = false;
  std::uint32_t& entry = results_.seen.at(digest_of(message), fresh);
  if (!fresh) {
    if (entry != MessageResults::clean) results_.found[entry].places.push_back(place);
    return Status::ok();
  }
  ++results_.distinct;
  raw_.clear();
  if (auto st = scanner::scan_block(context_.matcher(), deferred_, message, nullptr, raw_);
      !st)
    return st;
  ++results_.scanned;
  results_.bytes += message.size();
  if (raw_.empty()) return Status::ok();
  entry = static_cast<std::uint32_t>(results_.found.size());
  results_.found.push_back({std::move(raw_), {place}});
  raw_.clear();
  return Status::ok();
}

} // namespace keysift::git
