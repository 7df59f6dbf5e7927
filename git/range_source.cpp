#include "git/range_source.h"

namespace keysift::git {

RangeSource::RangeSource(std::string repo_path, std::vector<git_oid> commits)
    : repo_path_(std::move(repo_path)), commits_(std::move(commits)) {}

Status RangeSource::run(scanner::ChunkSink& sink, std::stop_token stop) {
  auto repo = open_repository(repo_path_);
  if (!repo) return repo.status();
  MessageSet messages;
  for (const auto& oid : commits_) {
    if (stop.stop_requested()) return Status::ok();
    // One bad commit is an input error; the others are still checked.
    if (auto st = scan_commit(repo->get(), oid, sink, messages); !st)
      sink.error({oid_hex(oid), st.message(),
                  st.kind().empty() ? scanner::gap::missing_object : st.kind()});
    else
      sink.covered("commits");
  }
  for (const PushedTag& pushed : tags_)
    for (TagMessage& tag : tag_chain(repo->get(), pushed.id, pushed.name)) {
      const std::uint32_t number = sink.add_commit(tag.info);
      messages.add(
          std::move(tag.message),
          scanner::GitBlobOrigin{number, scanner::tag_message_label(tag.name), 0, true});
    }
  messages.push(sink);
  return Status::ok();
}

Status RangeSource::scan_commit(git_repository* repo, const git_oid& oid,
                                scanner::ChunkSink& sink, MessageSet& messages) {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) != 0) return git_failure("reading the commit");
  Commit commit(raw);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) return git_failure("reading its tree");
  Tree tree(raw_tree);
  const unsigned parents = git_commit_parentcount(commit.get());
  std::vector<Additions> per_parent;
  for (unsigned p = 0; p < (parents == 0 ? 1u : parents); ++p) {
    Tree parent_tree;
    if (parents > 0) {
      git_commit* raw_parent = nullptr;
      if (git_commit_parent(&raw_parent, commit.get(), p) != 0)
        return git_failure("reading parent " + std::to_string(p + 1));
      Commit parent(raw_parent);
      if (git_commit_tree(&raw_tree, parent.get()) != 0)
        return git_failure("reading a parent's tree");
      parent_tree.reset(raw_tree);
    }
    auto diff = diff_trees(repo, parent_tree.get(), tree.get());
    if (!diff) return diff.status();
    auto added = collect_additions(repo, diff->get(), sink.gate());
    if (!added) return added.status();
    per_parent.push_back(std::move(added).value());
  }
  const std::uint32_t number = sink.add_commit(commit_info(commit.get()));
  const Additions added = common_additions(std::move(per_parent));
  push_runs(added, number, sink);
  const char* message = git_commit_message_raw(commit.get());
  messages.add(
      message != nullptr ? message : "",
      scanner::GitBlobOrigin{number, std::string(scanner::commit_message_label), 0, true});
  if (added.unread.empty()) return Status::ok();
  // The commit's other files were scanned; the first file that was not is its error, the
  // rest are reported beside it.
  for (std::size_t i = 1; i < added.unread.size(); ++i) {
    const Unread& u = added.unread[i];
    sink.error({oid_hex(oid), u.path + ": " + u.status.message(), u.status.kind()});
  }
  const Unread& first = added.unread.front();
  return Status::error(first.path + ": " + first.status.message(), first.status.kind());
}

} // namespace keysift::git
