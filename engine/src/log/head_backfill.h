// Backfilling a per-event index from the log: what the summaries and the
// time index do, once, when a store written before they existed is opened
// for writing.
//
// BackfillFromHeads reads the log from `covered + 1` through `tail`,
// reading only each event's envelope head in place, hands each head to
// `index` to put its rows into the batch, and writes the batch every
// kBackfillBatchEvents events together with `mark_key` in the meta family
// set to the last position it covers, so that a crash mid-way resumes from
// the last written mark. A missing position is kCorruption (the log has a
// gap), as is an unreadable head; `what` names the index in messages.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "gridledger/event_view.h"
#include "gridledger/status.h"
#include "storage/rocks_store.h"

namespace gridledger {

inline constexpr size_t kBackfillBatchEvents = 65536;

// The position a mark in the meta family names; 0 when absent.
// kCorruption when the mark is not 8 bytes.
Result<uint64_t> ReadIndexMark(const RocksStore& store, std::string_view mark_key,
                               std::string_view what);

// Called once per event in position order.
using IndexHead = std::function<void(StoreBatch& batch, std::string_view log_key,
                                     const EventView& head, uint64_t position)>;

// Returns the number of events indexed.
Result<uint64_t> BackfillFromHeads(RocksStore& store, uint64_t covered, uint64_t tail,
                                   std::string_view mark_key, std::string_view what,
                                   const IndexHead& index);

}  // namespace gridledger
