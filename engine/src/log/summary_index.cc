#include "log/summary_index.h"

#include "log/head_backfill.h"
#include "storage/keys.h"

namespace gridledger {

Result<uint64_t> SummaryIndex::Load(RocksStore& store, uint64_t tail) {
  uint64_t covered = 0;
  if (store.Has(Family::kSummaries)) {
    GL_ASSIGN_OR_RETURN(covered, ReadIndexMark(store, keys::kSummaryIndexKey, "summaries"));
  }
  if (covered > tail) covered = tail;
  uint64_t summarised = 0;
  if (covered < tail && !store.read_only()) {
    GL_ASSIGN_OR_RETURN(
        summarised,
        BackfillFromHeads(
            store, covered, tail, keys::kSummaryIndexKey, "summaries",
            [](StoreBatch& batch, std::string_view log_key, const EventView& head, uint64_t) {
              batch.Put(Family::kSummaries, log_key,
                        keys::EncodeSummary(head.type, head.stream, head.grid_code));
            }));
    covered = tail;
  }
  covered_.store(covered, std::memory_order_release);
  return summarised;
}

}  // namespace gridledger
