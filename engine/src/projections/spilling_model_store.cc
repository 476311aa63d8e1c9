#include "projections/spilling_model_store.h"

#include <algorithm>
#include <vector>

namespace gridledger {

namespace {
// What a held row costs beyond its bytes: the hash node, two strings'
// headers, the optional.
constexpr size_t kRowOverhead = 96;

size_t Cost(std::string_view key, const std::optional<std::string>& value) {
  return key.size() + (value ? value->size() : 0) + kRowOverhead;
}
}  // namespace

SpillingModelStore::SpillingModelStore(std::unique_ptr<RocksModelStore> target, size_t budget_bytes)
    : target_(std::move(target)), budget_(budget_bytes) {}

Result<bool> SpillingModelStore::Get(std::string_view key, std::string* value) const {
  auto it = rows_.find(key);
  if (it == rows_.end()) return target_->Get(key, value);
  if (!it->second) return false;
  *value = *it->second;
  return true;
}

Status SpillingModelStore::Scan(std::string_view lower, std::string_view upper,
                                const RowVisitor& visit) const {
  // The held rows in range, in order, merged into the store's: a held row
  // replaces (or, deleted, hides) the store's row of the same key.
  std::vector<const decltype(rows_)::value_type*> held;
  for (const auto& row : rows_)
    if (row.first >= lower && (upper.empty() || row.first < upper)) held.push_back(&row);
  std::sort(held.begin(), held.end(), [](auto* a, auto* b) { return a->first < b->first; });
  size_t next = 0;
  bool go_on = true;
  // Visits held rows before `key` (all of them when null); false once the
  // visitor stopped.
  auto flush_before = [&](const std::string_view* key) {
    for (; go_on && next < held.size() && (!key || held[next]->first < *key); ++next)
      if (held[next]->second) go_on = visit(held[next]->first, *held[next]->second);
    return go_on;
  };
  GL_RETURN_IF_ERROR(target_->Scan(lower, upper, [&](std::string_view k, std::string_view v) {
    if (!flush_before(&k)) return false;
    if (next < held.size() && held[next]->first == k) {
      const auto& replaced = held[next++]->second;
      if (!replaced) return true;  // deleted since it was spilled
      return go_on = visit(k, *replaced);
    }
    return go_on = visit(k, v);
  }));
  flush_before(nullptr);
  return Status::Ok();
}

void SpillingModelStore::Stage(const ModelRows&, StoreBatch*) { misused_ = true; }

void SpillingModelStore::Hold(std::string key, std::optional<std::string> value) {
  const size_t cost = Cost(key, value);
  auto [it, inserted] = rows_.try_emplace(std::move(key));
  if (!inserted) bytes_ -= Cost(it->first, it->second);
  it->second = std::move(value);
  bytes_ += cost;
}

Status SpillingModelStore::WriteNow(const ModelRows& rows) {
  for (const auto& [k, v] : rows) Hold(k, v);
  return SpillIfFull();
}

Status SpillingModelStore::Absorb(ModelRows&& rows) {
  // The rows' nodes move over as they are (no allocation, no copy); a key
  // already held keeps its node and takes the new value.
  for (const auto& [key, value] : rows) bytes_ += Cost(key, value);
  rows_.merge(rows);
  for (auto& [key, value] : rows) {
    auto held = rows_.find(key);
    bytes_ -= Cost(held->first, held->second);
    held->second = std::move(value);
  }
  rows.clear();
  return SpillIfFull();
}

Status SpillingModelStore::SpillIfFull() {
  if (misused_) return Status::Internal("a read-model build's store was given a commit");
  return bytes_ > budget_ ? Spill() : Status::Ok();
}

Status SpillingModelStore::Spill() {
  if (misused_) return Status::Internal("a read-model build's store was given a commit");
  if (rows_.empty()) return Status::Ok();
  std::vector<std::pair<std::string_view, const std::string*>> sorted;
  sorted.reserve(rows_.size());
  for (const auto& [k, v] : rows_) sorted.emplace_back(k, v ? &*v : nullptr);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  GL_RETURN_IF_ERROR(target_->IngestSorted(sorted));
  rows_.clear();
  bytes_ = 0;
  ++spills_;
  return Status::Ok();
}

Result<std::unique_ptr<RocksModelStore>> SpillingModelStore::Finish() {
  GL_RETURN_IF_ERROR(Spill());
  return std::move(target_);
}

}  // namespace gridledger
