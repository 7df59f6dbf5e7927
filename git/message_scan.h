// Commit and tag messages as scanned input. A token pasted into a commit message is as
// public as one in a file, so range, pre-push and history modes scan every distinct
// message once, through the same engine as files. A message's location is a
// GitBlobOrigin with `message` set: the commit (or, for an annotated tag, a catalog entry
// describing the tag object and its tagger) and the label "<commit message>" or
// "<tag message NAME>" as its path.
//
// MessageSet (range and pre-push) belongs to the source's thread. MessageScanner
// (history) belongs to one task at a time; its results are read after that task ended.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <git2.h>

#include "git/oid_table.h"
#include "rules/status.h"
#include "scanner/provenance.h"
#include "scanner/source.h"
#include "scanner/task.h"

namespace keysift::git {

// The message in a commit or tag object's bytes: what follows the headers' first blank
// line; empty when there is none.
std::string_view message_of(std::string_view object_bytes);

// An annotated tag: its short name, a description in the catalog's terms (id: the tag
// object's; author, email, date: the tagger's; message: its first line) and its message.
struct TagMessage {
  std::string name;
  scanner::CommitInfo info;
  std::string message;
};

// Every annotated tag object that a ref under refs/tags/ names, directly or through
// other tags, each once, sorted by name. Lightweight tags have no message.
Result<std::vector<TagMessage>> annotated_tags(git_repository* repo);

// The annotated tag object `id` and the tags it points to through a chain, named `name`
// (a ref's short name); empty when `id` is not a tag object (a lightweight tag).
std::vector<TagMessage> tag_chain(git_repository* repo, const git_oid& id,
                                  const std::string& name);

// Range and pre-push: messages gathered by content while the commits are diffed, then
// pushed as one chunk per distinct message whose origin lists every commit carrying it.
class MessageSet {
public:
  void add(std::string message, scanner::Location place);
  // Pushes the chunks; counts "messages" in the coverage account. False when stopped.
  bool push(scanner::ChunkSink& sink);

private:
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::pair<std::string, std::vector<scanner::Location>>> messages_;
};

// History: where a message was seen, a commit (its number in the walk's selection) or an
// annotated tag (its index in MessageResults::tags).
struct MessagePlace {
  std::uint32_t commit = scanner::no_index;
  std::uint32_t tag = scanner::no_index;
};

// What a history audit's message scans leave: the raw findings (from a path-deferring
// confirmer) of each message that has any, with every place carrying that message. Memory:
// 16 bytes of digest per distinct message, plus what is found.
struct MessageResults {
  struct Found {
    std::vector<scanner::Finding> raw;
    std::vector<MessagePlace> places;
  };
  std::vector<Found> found;
  std::vector<TagMessage> tags; // the tags that places name
  std::uint64_t distinct = 0, scanned = 0, bytes = 0;

  struct Digest {
    std::uint64_t a = 0, b = 0;
    bool operator==(const Digest&) const = default;
  };
  // Each message seen: the index of its entry in `found`, or `clean` when it had none.
  // The digests sit in an OidTable (padded to an id's 20 bytes): about 32 bytes a
  // message where an unordered_map node took 56, for the million messages of a history.
  static constexpr std::uint32_t clean = UINT32_MAX;
  class Seen {
  public:
    // The entry of `d`, added as `clean` when new (`fresh`); valid until the next call.
    std::uint32_t& at(const Digest& d, bool& fresh);
    void reserve(std::size_t n) {
      ids_.reserve(n);
      values_.reserve(n);
    }

  private:
    OidTable ids_;
    std::vector<std::uint32_t> values_; // by the table's number
  };
  Seen seen;
};

// Scans each message once, at first sight, with the task's matcher and a path-deferring
// confirmer; a message seen before only gains a place.
class MessageScanner {
public:
  MessageScanner(scanner::TaskContext& context, MessageResults& results);
  // Fails only when the engine does.
  Status scan(std::string_view message, MessagePlace place);

private:
  scanner::TaskContext& context_;
  const scanner::Confirmer deferred_;
  MessageResults& results_;
  std::vector<scanner::Finding> raw_;
};

} // namespace keysift::git
