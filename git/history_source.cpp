#include "git/history_source.h"

#include <chrono>

#include "codec/sha256.h"
#include "git/history_state.h"
#include "git/message_scan.h"
#include "git/object_parse.h"
#include "git/object_reader.h"

namespace keysift::git {
namespace {

// Memory the scans may spend: ancestors held for their deltas per scan task, and the
// cache of bases of each reader (the walk's trees need more than the scans' rare reads).
constexpr std::size_t held_per_task = 24u << 20;
constexpr std::size_t walk_cache = 32u << 20, scan_cache = 4u << 20;

// Reports a walk's files to the blob index, for one commit or as known.
class IndexVisitor final : public TreeVisitor {
public:
  IndexVisitor(BlobIndex& blobs, std::uint32_t commit, bool known)
      : blobs_(blobs), commit_(commit), known_(known) {}
  void blob(const unsigned char* id, std::uint32_t path) override {
    blobs_.add(id, path, commit_, known_);
  }
  void submodule(std::uint32_t) override {
    if (!known_) ++submodules;
  }
  std::uint64_t submodules = 0;

private:
  BlobIndex& blobs_;
  std::uint32_t commit_;
  bool known_;
};

bool whole_history(const WalkLimits& limits) {
  return limits.refs.empty() && !limits.since && limits.max_commits == 0;
}

// Scans a commit's message: its bytes through `reader` if it holds the commit, else
// through libgit2.
Status scan_message(git_repository* repo, ObjectReader& reader, const git_oid& oid,
                    std::uint32_t n, MessageScanner& messages) {
  const MessagePlace place{n, scanner::no_index};
  if (reader.contains(oid)) {
    auto obj = reader.read(oid);
    if (obj && (*obj)->type() == PackType::commit)
      return messages.scan(message_of((*obj)->view()), place);
  }
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) != 0) return git_failure("reading its message");
  Commit commit(raw);
  const char* text = git_commit_message_raw(commit.get());
  return messages.scan(text != nullptr ? text : "", place);
}

// Scans the messages of the annotated tags (when the audit covers every ref).
void scan_tags(HistorySource::State& s, git_repository* repo, MessageScanner& messages) {
  auto tags = annotated_tags(repo);
  if (!tags) {
    s.walk_errors.push_back({"refs/tags", tags.error(), scanner::gap::error});
    return;
  }
  for (auto& tag : *tags) {
    const auto t = static_cast<std::uint32_t>(s.messages.tags.size());
    if (auto st = messages.scan(tag.message, {scanner::no_index, t}); !st)
      s.walk_errors.push_back(
          {scanner::tag_message_label(tag.name), st.message(), scanner::gap::error});
    tag.message.clear(); // scanned: only its description is kept
    s.messages.tags.push_back(std::move(tag));
  }
}

// The walk's digest: the selected commits in walk order and what selects blobs.
std::string walk_digest(const HistorySource::State& s) {
  std::string text = "keysift-walk-v1\n";
  text += s.options.all_objects ? "all-objects\n" : "reachable\n";
  for (const auto& c : s.selection.commits) text += oid_hex(c.oid) + '\n';
  for (const auto& c : s.selection.boundary) text += '^' + oid_hex(c) + '\n';
  return codec::sha256_hex(text);
}

// Selects the commits and walks their trees (the boundary's first, as known); scans
// each commit's message after its tree, then the tags' (shard 0 alone scans messages).
Status walk(HistorySource::State& s, git_repository* repo, scanner::TaskContext& context,
            const std::stop_token& stop) {
  ObjectReader reader(s.store, walk_cache);
  auto selection = select_commits(repo, &reader, s.options.limits);
  if (!selection) return selection.status();
  s.selection = std::move(selection).value();
  s.summary.tips = s.selection.tips;
  s.summary.commits = s.selection.commits.size();
  s.summary.non_commit_refs = s.selection.non_commit_refs;
  s.summary.shallow_cut = s.selection.missing_parents;
  s.summary.walk_digest = walk_digest(s);
  const bool messages_too = s.options.shard.reports_walk();
  scanner::ProgressCounters* progress = context.progress();
  if (progress) progress->commits_total = s.selection.commits.size();
  TreeWalker walker(reader, s.paths);
  if (messages_too) s.messages.seen.reserve(s.selection.commits.size() + 1024); // and tags
  MessageScanner messages(context, s.messages);
  CommitHeader parent;
  for (const auto& id : s.selection.boundary) {
    if (!read_commit(repo, &reader, id, parent)) continue; // beyond a shallow cut
    IndexVisitor known(*s.blobs, 0, true);
    if (auto st = walker.walk(parent.tree, known); !st) return st;
  }
  for (std::uint32_t n = 0; n < s.selection.commits.size(); ++n) {
    if (stop.stop_requested()) break;
    // A tree that cannot be read leaves that commit's files (those not seen elsewhere)
    // unscanned: a gap; the other commits are still indexed.
    IndexVisitor visitor(*s.blobs, n, false);
    if (auto st = walker.walk(s.selection.commits[n].tree, visitor); !st)
      s.walk_errors.push_back({oid_hex(s.selection.commits[n].oid), st.message(),
                               scanner::gap::missing_object});
    else
      ++s.commits_covered;
    if (progress) progress->add(progress->commits, 1);
    s.summary.submodules += visitor.submodules;
    const git_oid& oid = s.selection.commits[n].oid;
    if (!messages_too) continue;
    if (auto st = scan_message(repo, reader, oid, n, messages); !st)
      s.walk_errors.push_back({oid_hex(oid), "its message: " + st.message(),
                               st.kind().empty() ? scanner::gap::error : st.kind()});
  }
  if (messages_too && s.options.limits.refs.empty() && !stop.stop_requested())
    scan_tags(s, repo, messages);
  context.scanned(s.messages.scanned, s.messages.bytes);
  return Status::ok();
}

// One plan per pack: every blob (the whole history), or those the walk selected; of a
// shard's, only those the shard holds.
void build_plans(HistorySource::State& s, bool selected_only) {
  const Shard shard = s.options.shard;
  for (std::uint32_t p = 0; p < s.store->packs().size(); ++p) {
    const PackIndex& index = s.store->packs()[p]->index();
    auto plan = PackPlan::build(s.store, p, [&](std::uint32_t position) {
      if (!shard.whole() && !shard.holds(index.oid(position).id)) return false;
      return !selected_only || s.blobs->wanted(s.blobs->number_of(p, position));
    });
    if (plan) s.plans.push_back(std::move(plan).value());
  }
}

// What the walk could not reach is a gap, never a silent pass: a shallow clone's cut (its
// history before the cut was never fetched), commits missing from a repository that is
// not cut there (everything only they lead to went unscanned), and unreadable trees.
void report_walk_gaps(HistorySource::State& s, scanner::ChunkSink& sink) {
  sink.expected("commits", s.selection.commits.size());
  sink.covered("commits", s.commits_covered);
  sink.expected("messages", s.messages.distinct);
  sink.covered("messages", s.messages.scanned);
  if (s.selection.missing_parents)
    sink.error({"",
                "a shallow clone: the history before its cut was not fetched, so it "
                "was not scanned (git fetch --unshallow)",
                scanner::gap::shallow});
  for (const auto& [missing, child] : s.selection.missing_commits)
    sink.error({oid_hex(missing),
                "commit missing from the repository (a parent of " + oid_hex(child) +
                    "): the history before it was not scanned",
                scanner::gap::missing_object});
  for (auto& e : s.walk_errors) sink.error(std::move(e));
  s.walk_errors.clear();
}

void walk_task(HistorySource::State& s, scanner::TaskContext& context,
               const std::stop_token& stop) {
  const auto started = std::chrono::steady_clock::now();
  auto repo = open_repository(s.options.repo_path);
  Status st = repo ? walk(s, repo->get(), context, stop) : repo.status();
  s.summary.walk_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool build = st && !whole_history(s.options.limits);
  if (build) build_plans(s, true);
  {
    std::lock_guard lock(s.mu);
    s.walk_status = st;
    s.plans_ready = true; // or nothing left to wait for
  }
  if (st) s.walked.store(true, std::memory_order_release);
  s.changed.notify_all();
}

void scan_task(HistorySource::State& s, scanner::TaskContext& context,
               const std::stop_token& stop) {
  {
    std::unique_lock lock(s.mu);
    s.changed.wait(lock, [&] { return s.plans_ready; });
  }
  ObjectReader reader(s.store, scan_cache);
  BlobScanner scanner(context, *s.blobs, *s.results, &s.walked);
  for (const auto& plan : s.plans) {
    std::uint32_t root = 0;
    while (!stop.stop_requested() && plan->next_root(root))
      plan->walk(root, reader, scanner, held_per_task);
  }
}

// Held by a task chunk: marks the task finished when the chunk goes, whether a worker ran
// it or a stop dropped it from the queue unrun (then, for the walk, there is nothing left
// for the scans to wait for).
struct TaskGuard {
  TaskGuard(std::shared_ptr<HistorySource::State> state, bool walk)
      : s(std::move(state)), is_walk(walk) {
    std::lock_guard lock(s->mu);
    ++s->running;
  }
  TaskGuard(const TaskGuard&) = delete;
  TaskGuard& operator=(const TaskGuard&) = delete;
  ~TaskGuard() {
    if (is_walk) {
      std::lock_guard lock(s->mu);
      s->plans_ready = true;
    }
    s->task_done();
  }
  std::shared_ptr<HistorySource::State> s;
  bool is_walk;
};

} // namespace

HistorySource::HistorySource(HistoryOptions options) : state_(std::make_shared<State>()) {
  state_->options = std::move(options);
}

HistorySource::~HistorySource() = default;

const HistorySummary& HistorySource::summary() const {
  return state_->summary;
}

Status HistorySource::run(scanner::ChunkSink& sink, std::stop_token stop) {
  State& s = *state_;
  auto repo = open_repository(s.options.repo_path);
  if (!repo) return repo.status();
  auto store = ObjectStore::open(git_repository_commondir(repo->get()));
  if (!store) return store.status();
  s.store = std::move(store).value();
  s.blobs = std::make_unique<BlobIndex>(s.store);
  s.results = std::make_unique<BlobResults>(s.blobs->numbers());
  if (whole_history(s.options.limits)) {
    build_plans(s, false);
    s.plans_ready = true;
  }
  const unsigned tasks = std::max(1u, s.options.tasks);
  scanner::Chunk walk_chunk;
  auto walk_guard = std::make_shared<TaskGuard>(state_, true);
  walk_chunk.task = [guard = std::move(walk_guard), stop](scanner::TaskContext& c) {
    walk_task(*guard->s, c, stop);
  };
  bool pushed = sink.push(std::move(walk_chunk));
  for (unsigned t = 0; pushed && t < tasks; ++t) {
    scanner::Chunk chunk;
    auto guard = std::make_shared<TaskGuard>(state_, false);
    chunk.task = [guard = std::move(guard), stop](scanner::TaskContext& c) {
      scan_task(*guard->s, c, stop);
    };
    pushed = sink.push(std::move(chunk)); // a refused chunk's guard goes with it
  }
  {
    std::unique_lock lock(s.mu);
    s.changed.wait(lock, [&] { return s.running == 0; });
  }
  // What only the walk and the scans needed goes before the join allocates its own.
  s.plans.clear();
  s.messages.seen = {};
  if (!s.walk_status) return s.walk_status;
  if (s.options.shard.reports_walk()) {
    report_walk_gaps(s, sink);
    for (const auto& ref : s.selection.non_commit_refs)
      sink.skipped(ref, "ref to a tree or blob");
    for (std::uint64_t i = 0; i < s.summary.submodules; ++i) sink.skipped("", "submodule");
  }
  return finish(s, sink);
}

} // namespace keysift::git
