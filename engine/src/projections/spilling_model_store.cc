#include "projections/spilling_model_store.h"

#include <algorithm>
#include <future>
#include <span>
#include <string_view>
#include <system_error>
#include <thread>
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

SpillingModelStore::SpillingModelStore(std::unique_ptr<RocksModelStore> target, size_t budget_bytes,
                                       unsigned spill_threads)
    : target_(std::move(target)),
      budget_(budget_bytes),
      spill_threads_(std::clamp(spill_threads ? spill_threads : std::thread::hardware_concurrency(),
                                1u, kMaxSpillThreads)) {
  ReserveForBudget();
}

void SpillingModelStore::ReserveForBudget() {
  // Growing a map of half a million rows rehashes it some twenty times,
  // each a walk over every node: room for the rows a budget holds, at a
  // typical 256 bytes a row, up front (at most 2^20 buckets, 8 MiB).
  rows_.reserve(std::min<size_t>(budget_ / 256, size_t{1} << 20));
}

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

namespace {

bool KeyLess(const SortedRow& a, const SortedRow& b) { return a.key < b.key; }

// Sorts `rows` in up to `parts` key ranges, one thread each: the ranges'
// bounds are quantiles of an evenly spaced sample, the rows are partitioned
// around them, then each range is sorted on its own. The ranges, in order.
std::vector<std::span<const SortedRow>> SortInRanges(std::vector<SortedRow>& rows, size_t parts) {
  if (parts <= 1) {
    std::sort(rows.begin(), rows.end(), KeyLess);
    return {std::span<const SortedRow>(rows)};
  }
  std::vector<std::string_view> sample;
  const size_t step = std::max<size_t>(1, rows.size() / (64 * parts));
  for (size_t i = 0; i < rows.size(); i += step) sample.push_back(rows[i].key);
  std::sort(sample.begin(), sample.end());
  std::vector<std::span<SortedRow>> ranges;
  auto from = rows.begin();
  for (size_t k = 1; k < parts; ++k) {
    const std::string_view bound = sample[k * sample.size() / parts];
    auto to = std::partition(from, rows.end(), [&](const SortedRow& r) { return r.key < bound; });
    ranges.emplace_back(from, to);
    from = to;
  }
  ranges.emplace_back(from, rows.end());
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < ranges.size(); ++i)
    helpers.emplace_back([range = ranges[i]] { std::sort(range.begin(), range.end(), KeyLess); });
  std::sort(ranges[0].begin(), ranges[0].end(), KeyLess);
  for (auto& t : helpers) t.join();
  return {ranges.begin(), ranges.end()};
}

}  // namespace

Status SpillingModelStore::Spill() {
  if (misused_) return Status::Internal("a read-model build's store was given a commit");
  if (rows_.empty()) return Status::Ok();
  std::vector<SortedRow> sorted;
  sorted.reserve(rows_.size());
  for (const auto& [k, v] : rows_) sorted.push_back({k, v ? &*v : nullptr});
  const size_t parts =
      std::clamp<size_t>(sorted.size() / kMinRowsPerSpillThread, 1, spill_threads_);
  const auto runs = SortInRanges(sorted, parts);
  GL_RETURN_IF_ERROR(target_->IngestSorted(runs));
  for (const auto& run : runs) files_ += run.empty() ? 0 : 1;
  sorted = {};
  // Freeing a spill's rows (a node and up to two strings each) took a tenth
  // of a rebuild's critical thread: another thread frees them while the
  // build goes on (one spill at a time, waited for at the next).
  if (freeing_.valid()) freeing_.wait();
  try {
    freeing_ = std::async(std::launch::async, [spent = std::move(rows_)]() mutable { spent = {}; });
  } catch (const std::system_error&) {
    // No thread to be had: the rows are freed here (moved-from or not).
  }
  rows_ = RowMap();
  ReserveForBudget();
  bytes_ = 0;
  ++spills_;
  return Status::Ok();
}

Result<std::unique_ptr<RocksModelStore>> SpillingModelStore::Finish() {
  GL_RETURN_IF_ERROR(Spill());
  return std::move(target_);
}

}  // namespace gridledger
