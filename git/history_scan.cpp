#include "git/history_scan.h"

#include "scanner/gate.h"
#include "scanner/scan.h"

namespace keysift::git {

void BlobResults::done(std::uint32_t n, State state, std::uint64_t size) {
  if (n >= state_.size()) return;
  state_[n] = state;
  size_[n] = static_cast<std::uint32_t>(std::min<std::uint64_t>(size, UINT32_MAX));
}

void BlobResults::add_findings(std::uint32_t n, std::vector<scanner::Finding>& raw) {
  std::lock_guard lock(mu_);
  auto& into = findings_[n];
  into.insert(into.end(), std::make_move_iterator(raw.begin()),
              std::make_move_iterator(raw.end()));
  raw.clear();
}

void BlobResults::fail(std::uint32_t n, std::string why) {
  if (n < state_.size()) state_[n] = failed;
  std::lock_guard lock(mu_);
  failures_.emplace(n, std::move(why));
}

void BlobScanner::scan(std::uint32_t n, std::string_view data) {
  context_.progressed(1, data.size()); // read, whatever the gate says
  // The path is not known yet: the join asks the gate about it (git/history_join.cpp).
  switch (context_.gate().judge({std::nullopt, data.size(), data})) {
  case scanner::Skip::binary:
    return results_.done(n, BlobResults::binary, data.size());
  case scanner::Skip::too_large:
    return results_.done(n, BlobResults::too_large, data.size());
  case scanner::Skip::allowlisted_path: // judged without a path: cannot happen
  case scanner::Skip::none:
    break;
  }
  auto st = scanner::scan_block(context_.matcher(), deferred_, data, nullptr, found_);
  if (!st) {
    found_.clear();
    results_.fail(n, st.message());
    return;
  }
  results_.done(n, BlobResults::scanned, data.size());
  if (!found_.empty()) results_.add_findings(n, found_);
}

MemoPtr BlobScanner::visit(const BlobVisit& blob) {
  const std::uint32_t n = numbers_.number_of(blob.pack, blob.position);
  if (walked_ != nullptr && walked_->load(std::memory_order_acquire) && !numbers_.wanted(n))
    return nullptr;
  scan(n, blob.data);
  return nullptr;
}

void BlobScanner::failed(std::uint32_t pack, std::uint32_t position, const Status& why) {
  results_.fail(numbers_.number_of(pack, position), why.message());
}

} // namespace keysift::git
