// TimeIndex: recorded time -> position, so that "the log since 08:00" is a
// seek, not a scan (EventLog::SeekTime).
//
// The `times` family holds one row per commit group that raised the
// highest recorded time committed so far: key the new highest time, value
// the group's first position (storage/keys.h). Keys therefore rise with
// positions even when the clock steps back (a group recorded at an earlier
// time than one before it adds no row), and the first row at or after T
// names the first group holding an event recorded at or after T: every
// event before it was recorded before T. Rows are written in the group's
// own batch, beside meta "time_index" (the last position covered).
//
// Stores written before the index existed (or by a build without it) are
// indexed once when opened for writing, from the covered position on,
// reading only each event's envelope head. A read-only open of such a
// store answers from the rows it has and scans the rest of the log.
//
// Thread safety: Stage/Publish/Fail are the writer thread's; Seek may run
// on any thread at any time.
#pragma once

#include <atomic>
#include <optional>

#include "gridledger/status.h"
#include "gridledger/types.h"
#include "storage/rocks_store.h"

namespace gridledger {

class TimeIndex {
 public:
  // What Load did, for the open's report.
  struct LoadReport {
    uint64_t indexed_events = 0;  // events indexed now (an older store)
    bool scan_fallback = false;   // read-only and incomplete: Seek scans the rest
  };

  // Reads the highest time and the covered position; when the index covers
  // less than `tail` and the store is writable, indexes the rest now.
  Result<LoadReport> Load(RocksStore& store, uint64_t tail);

  // Writer: a group with positions [first, last] whose events were
  // recorded at most at `group_max` is being staged into `batch`.
  void Stage(StoreBatch& batch, Timestamp group_max, uint64_t first, uint64_t last);
  // Writer: the staged group was written (or not).
  void Publish();
  void Fail();

  // The first position at or after which every event recorded at or after
  // `at` lies, and which itself is such an event when one exists;
  // committed + 1 when none is.
  Result<Position> Seek(const RocksStore& store, Timestamp at, Position committed) const;

 private:
  std::optional<Timestamp> high_;         // writer's: highest time indexed
  std::optional<Timestamp> staged_high_;  // writer's: of the staged group
  uint64_t staged_covered_ = 0;
  std::atomic<uint64_t> covered_{0};  // last position the rows cover
};

}  // namespace gridledger
