#include "git/pack_scan.h"

#include <algorithm>

namespace keysift::git {
namespace {

constexpr std::uint32_t no_base = UINT32_MAX; // a whole object
constexpr std::uint32_t outside_base =
    UINT32_MAX - 1; // a ref delta on another pack's object

// The pack-order index of the entry at `offset`, if an entry starts there.
std::uint32_t find_offset(const std::vector<std::uint64_t>& offsets, std::uint64_t offset) {
  const auto it = std::lower_bound(offsets.begin(), offsets.end(), offset);
  if (it == offsets.end() || *it != offset) return no_base;
  return static_cast<std::uint32_t>(it - offsets.begin());
}

} // namespace

struct PackPlan::Frame {
  std::uint32_t k = 0;
  ObjectPtr data;
  MemoPtr memo;
  std::uint32_t next = 0, end = 0; // children still to walk
};

Result<std::unique_ptr<PackPlan>>
PackPlan::build(const std::shared_ptr<const ObjectStore>& shared, std::uint32_t pack,
                const Wanted& wanted) {
  const ObjectStore& store = *shared;
  auto plan = std::make_unique<PackPlan>();
  plan->pack_ = pack;
  plan->file_ = store.packs()[pack].get();
  const PackFile& file = *plan->file_;
  const PackIndex& idx = file.index();
  std::vector<std::uint32_t> order = idx.pack_order(); // pack order -> index position
  const std::size_t n = order.size();
  std::vector<std::uint64_t> offsets(n);
  for (std::size_t k = 0; k < n; ++k) offsets[k] = idx.offset(order[k]);
  std::vector<std::uint32_t> base(n, no_base);
  std::vector<Kind> kind(n, other);
  std::vector<std::uint8_t> is_delta(n, 0);
  ObjectReader outside(shared);
  for (std::size_t k = 0; k < n; ++k) {
    auto h = file.header(offsets[k]);
    if (!h) {
      kind[k] = bad;
      continue;
    }
    store.note_read(k + 1 < n ? offsets[k + 1] - offsets[k] : h->length); // pages touched
    if (h->type == PackType::blob) kind[k] = blob;
    if (h->type == PackType::ofs_delta) {
      is_delta[k] = 1;
      base[k] = find_offset(offsets, h->base_offset);
      if (base[k] == no_base) kind[k] = bad;
    } else if (h->type == PackType::ref_delta) {
      is_delta[k] = 1;
      if (auto pos = idx.find(h->base_id)) {
        base[k] = find_offset(offsets, idx.offset(*pos));
        if (base[k] == no_base) kind[k] = bad;
      } else { // another pack's object, or loose: its type says what this one is
        base[k] = outside_base;
        auto obj = outside.read(h->base_id);
        kind[k] = obj && (*obj)->type() == PackType::blob ? blob : (obj ? other : bad);
      }
    }
  }
  offsets = {};
  // A delta is what its chain's root is; chains that loop or break are bad.
  {
    std::vector<std::uint8_t> settled(n, 0);
    std::vector<std::uint32_t> chain;
    for (std::size_t start = 0; start < n; ++start) {
      std::uint32_t k = static_cast<std::uint32_t>(start);
      chain.clear();
      while (!settled[k] && is_delta[k] && base[k] < outside_base && kind[k] != bad) {
        settled[k] = 2; // on the current chain
        chain.push_back(k);
        k = base[k];
        if (settled[k] == 2) { // a loop
          kind[k] = bad;
          break;
        }
      }
      const Kind root = kind[k];
      for (std::uint32_t c : chain) {
        kind[c] = kind[c] == bad ? bad : root;
        settled[c] = 1;
      }
      settled[k] = 1;
    }
  }
  // Wanted blobs (1), and the bases they need (2).
  std::vector<std::uint8_t> need(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    if (kind[k] == bad) ++plan->stats_.bad;
    if (kind[k] != blob) continue;
    ++plan->stats_.blobs;
    ++(is_delta[k] ? plan->stats_.delta_blobs : plan->stats_.whole_blobs);
    const std::uint32_t position = order[k];
    if (pack > 0) {
      auto canonical = store.find(idx.oid(position));
      if (canonical && canonical->pack != pack) continue; // visited with its first pack
    }
    if (!wanted(position)) continue;
    need[k] = 1;
    ++plan->stats_.wanted;
    for (std::uint32_t b = base[k]; b < outside_base && need[b] == 0; b = base[b])
      need[b] = 2;
  }
  kind = {};
  is_delta = {};
  // Dense numbers of the needed objects, in pack order; `base` becomes the base's number.
  std::uint32_t needed = 0;
  std::vector<std::uint32_t>& number = order; // reused: k -> needed number
  for (std::size_t k = 0; k < n; ++k) {
    if (need[k] == 0) continue;
    plan->position_.push_back(order[k]);
    plan->visit_.push_back(need[k] == 1 ? 1 : 0);
    number[k] = needed++;
  }
  for (std::size_t k = 0; k < n; ++k)
    if (need[k] != 0 && base[k] < outside_base) base[k] = number[base[k]];
  // Children lists, and the roots: needed blobs whose base is not a needed object of
  // this pack.
  plan->first_child_.assign(std::size_t{needed} + 1, 0);
  for (std::size_t k = 0; k < n; ++k)
    if (need[k] != 0 && base[k] < outside_base) ++plan->first_child_[base[k] + 1];
  for (std::size_t j = 0; j < needed; ++j)
    plan->first_child_[j + 1] += plan->first_child_[j];
  plan->children_.resize(plan->first_child_[needed]);
  std::vector<std::uint32_t> fill(plan->first_child_.begin(), plan->first_child_.end() - 1);
  for (std::size_t k = 0; k < n; ++k) {
    if (need[k] == 0) continue;
    if (base[k] < outside_base)
      plan->children_[fill[base[k]]++] = number[k];
    else
      plan->roots_.push_back(number[k]);
  }
  plan->stats_.objects = n;
  return plan;
}

bool PackPlan::next_root(std::uint32_t& root) {
  const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
  if (i >= roots_.size()) return false;
  root = roots_[i];
  return true;
}

void PackPlan::walk(std::uint32_t root, ObjectReader& reader, BlobConsumer& consumer,
                    std::size_t held_budget) const {
  const PackIndex& idx = file_->index();
  auto offset_of = [&](std::uint32_t k) { return idx.offset(position_[k]); };
  auto fail = [&](std::uint32_t k, const Status& why) {
    consumer.failed(pack_, position_[k], why);
  };
  std::vector<Frame> stack;
  std::size_t held = 0;
  auto enter = [&](std::uint32_t k, ObjectPtr data, MemoPtr memo) {
    if (first_child_[k] == first_child_[k + 1]) return;
    held += data->size();
    stack.push_back(
        {k, std::move(data), std::move(memo), first_child_[k], first_child_[k + 1]});
    // Past the budget, the oldest ancestors' bytes go: read again by offset if needed.
    for (std::size_t i = 0; held > held_budget && i + 1 < stack.size(); ++i)
      if (stack[i].data) {
        held -= stack[i].data->size();
        stack[i].data.reset();
        stack[i].memo.reset();
      }
  };
  {
    auto whole = reader.read_at(pack_, offset_of(root));
    if (!whole) return fail(root, whole.status());
    MemoPtr memo;
    if (visit_[root] == 1)
      memo = consumer.visit({pack_, position_[root], (*whole)->view(), {}, {}, nullptr});
    enter(root, std::move(*whole), std::move(memo));
  }
  std::unique_ptr<char[]> delta;
  std::size_t delta_capacity = 0;
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.end) {
      if (top.data) held -= top.data->size();
      stack.pop_back();
      continue;
    }
    const std::uint32_t k = children_[top.next++];
    if (!top.data) { // dropped for the budget: read it again
      auto again = reader.read_at(pack_, offset_of(top.k));
      if (!again) {
        fail(k, again.status());
        continue;
      }
      top.data = std::move(*again);
      held += top.data->size();
    }
    auto h = file_->header(offset_of(k));
    if (!h) {
      fail(k, h.status());
      continue;
    }
    const auto size = static_cast<std::size_t>(h->size);
    if (h->size > reader.store().limits().max_object) {
      fail(k, Status::error("a delta of " + std::to_string(h->size) + " bytes"));
      continue;
    }
    if (size > delta_capacity) {
      delta_capacity = std::max(size, delta_capacity * 2);
      delta.reset(new char[delta_capacity]);
    }
    if (auto st = file_->inflate(reader.inflater(), offset_of(k), *h, delta.get()); !st) {
      fail(k, st);
      continue;
    }
    reader.store().note_read(size);
    const Bytes d(reinterpret_cast<const unsigned char*>(delta.get()), size);
    auto dh = parse_delta_header(d);
    if (!dh || dh->result_size > reader.store().limits().max_object) {
      fail(k, dh ? Status::error("a delta result over the size limit") : dh.status());
      continue;
    }
    auto out = std::make_shared<ObjectData>(PackType::blob,
                                            static_cast<std::size_t>(dh->result_size));
    if (auto st = apply_delta(top.data->view(), d, *dh, out->data()); !st) {
      fail(k, Status::error(file_->name() + " at " + std::to_string(offset_of(k)) + ": " +
                            st.message()));
      continue;
    }
    MemoPtr memo;
    if (visit_[k] == 1)
      memo = consumer.visit(
          {pack_, position_[k], out->view(), d, top.data->view(), top.memo.get()});
    if (top.next == top.end) { // the last child: its parent is done
      held -= top.data->size();
      stack.pop_back();
    }
    enter(k, std::move(out), std::move(memo));
  }
}

} // namespace keysift::git
