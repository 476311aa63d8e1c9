#include "log/time_index.h"

#include "gridledger/event_view.h"
#include "log/head_backfill.h"
#include "storage/keys.h"

namespace gridledger {

Result<TimeIndex::LoadReport> TimeIndex::Load(RocksStore& store, uint64_t tail) {
  LoadReport report;
  auto last = store.NewCursor(Family::kTimes, {});
  last->SeekToLast();
  GL_RETURN_IF_ERROR(last->status("reading the time index"));
  if (last->Valid()) {
    if (last->key().size() != 8) return Status::Corruption("the time index holds a bad key");
    high_ = keys::ReadTimeKey(last->key());
  }
  GL_ASSIGN_OR_RETURN(uint64_t covered, ReadIndexMark(store, keys::kTimeIndexKey, "time index"));
  if (covered > tail) covered = tail;  // a mark ahead of a shorter log: index again from there
  if (covered < tail && store.read_only()) {
    report.scan_fallback = true;
    covered_.store(covered, std::memory_order_release);
    return report;
  }
  // Index what the rows do not cover (a store from before the index).
  if (covered < tail) {
    GL_ASSIGN_OR_RETURN(report.indexed_events,
                        BackfillFromHeads(store, covered, tail, keys::kTimeIndexKey, "time index",
                                          [this](StoreBatch& batch, std::string_view,
                                                 const EventView& head, uint64_t position) {
                                            if (high_ && head.recorded_at <= *high_) return;
                                            high_ = head.recorded_at;
                                            batch.Put(Family::kTimes, keys::TimeKey(*high_),
                                                      keys::PositionKey(Position{position}));
                                          }));
    covered = tail;
  }
  covered_.store(covered, std::memory_order_release);
  return report;
}

void TimeIndex::Stage(StoreBatch& batch, Timestamp group_max, uint64_t first, uint64_t last) {
  staged_high_.reset();
  if (!high_ || group_max > *high_) {
    staged_high_ = group_max;
    batch.Put(Family::kTimes, keys::TimeKey(group_max), keys::PositionKey(Position{first}));
  }
  batch.Put(Family::kMeta, keys::kTimeIndexKey, keys::PositionKey(Position{last}));
  staged_covered_ = last;
}

void TimeIndex::Publish() {
  if (staged_high_) high_ = staged_high_;
  staged_high_.reset();
  covered_.store(staged_covered_, std::memory_order_release);
}

void TimeIndex::Fail() { staged_high_.reset(); }

Result<Position> TimeIndex::Seek(const RocksStore& store, Timestamp at, Position committed) const {
  const uint64_t covered = covered_.load(std::memory_order_acquire);
  auto it = store.NewCursor(Family::kTimes, {});
  it->Seek(keys::TimeKey(at));
  GL_RETURN_IF_ERROR(it->status("reading the time index"));
  if (it->Valid()) {
    if (it->value().size() != 8) return Status::Corruption("the time index holds a bad row");
    uint64_t p = keys::ReadBE64(it->value());
    // A row of a group being published right now may name a position past
    // the watermark: nothing readable is recorded at or after `at` yet.
    if (p <= covered || p > committed.value) return Position{std::min(p, committed.value + 1)};
  }
  // Every covered event was recorded before `at`; look at the rest (only a
  // read-only open of a store from before the index has any).
  uint64_t from = covered + 1;
  if (from > committed.value) return Position{committed.value + 1};
  auto log =
      store.NewCursor(Family::kLog, {.lower = keys::PositionKey(Position{from}),
                                     .upper = keys::PositionKey(Position{committed.value + 1}),
                                     .readahead_bytes = 2u << 20});
  for (log->SeekToFirst(); log->Valid(); log->Next()) {
    auto head = ViewStoredEvent(log->value());
    if (!head.ok()) return head.error();
    if (head->recorded_at >= at) return Position{keys::ReadBE64(log->key())};
  }
  GL_RETURN_IF_ERROR(log->status("scanning the log for a time"));
  return Position{committed.value + 1};
}

}  // namespace gridledger
