// SummaryIndex: per-event summaries — type, stream id, grid code — in their
// own family (`summaries`, key BE64(position)), so that a filtered read
// scans ~50 bytes per event instead of the events themselves and reads
// only the matches from the log (event_log_filtered.cc).
//
// The writer puts one row per event in the commit's batch, beside meta
// "summary_index" (the last position covered). Stores written before the
// summaries existed are summarised once when opened for writing (reading
// each event's envelope head in place); a read-only open of such a store
// filters the uncovered rest by reading the events' heads from the log.
//
// Thread safety: Load and Publish are the opener's / writer's; covered()
// may be read on any thread.
#pragma once

#include <atomic>
#include <cstdint>

#include "gridledger/status.h"
#include "storage/rocks_store.h"

namespace gridledger {

class SummaryIndex {
 public:
  // Reads the covered position; when it is below `tail` and the store is
  // writable, summarises the rest now. Returns the events summarised now.
  Result<uint64_t> Load(RocksStore& store, uint64_t tail);
  // Writer: the group ending at `last` was written with its rows.
  void Publish(uint64_t last) { covered_.store(last, std::memory_order_release); }
  // Every position up to this has its summary row.
  uint64_t covered() const { return covered_.load(std::memory_order_acquire); }

 private:
  std::atomic<uint64_t> covered_{0};
};

}  // namespace gridledger
