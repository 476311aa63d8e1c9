#include "log/summary_index.h"

#include "codec/envelope_head.h"
#include "storage/keys.h"

namespace gridledger {

namespace {
constexpr size_t kBuildBatchEvents = 65536;
}  // namespace

Result<uint64_t> SummaryIndex::Load(RocksStore& store, uint64_t tail) {
  uint64_t covered = 0;
  if (store.Has(Family::kSummaries)) {
    std::string value;
    GL_ASSIGN_OR_RETURN(bool found, store.Get(Family::kMeta, keys::kSummaryIndexKey, &value,
                                              "reading the summaries' mark"));
    if (found) {
      if (value.size() != 8) return Status::Corruption("the summaries' mark is damaged");
      covered = keys::ReadBE64(value);
    }
  }
  if (covered > tail) covered = tail;
  uint64_t summarised = 0;
  if (covered < tail && !store.read_only()) {
    auto it = store.NewCursor(Family::kLog, {.lower = keys::PositionKey(Position{covered + 1}),
                                             .readahead_bytes = 2u << 20});
    StoreBatch batch = store.NewBatch();
    uint64_t expect = covered + 1;
    size_t in_batch = 0;
    for (it->SeekToFirst(); it->Valid() && expect <= tail; it->Next(), ++expect) {
      auto head = codec::ReadHead(it->value());
      if (!head.ok())
        return Status::Corruption("summarising the event at position " + std::to_string(expect) +
                                  ": " + head.error().message());
      batch.Put(Family::kSummaries, it->key(),
                keys::EncodeSummary(head->type, head->stream, head->grid_code));
      ++summarised;
      if (++in_batch == kBuildBatchEvents || expect == tail) {
        batch.Put(Family::kMeta, keys::kSummaryIndexKey, keys::PositionKey(Position{expect}));
        GL_RETURN_IF_ERROR(store.Write(batch, /*sync=*/false, "writing the summaries"));
        batch.Clear();
        in_batch = 0;
      }
    }
    GL_RETURN_IF_ERROR(it->status("summarising the log"));
    if (expect <= tail)
      return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                                " is missing");
    covered = tail;
  }
  covered_.store(covered, std::memory_order_release);
  return summarised;
}

}  // namespace gridledger
