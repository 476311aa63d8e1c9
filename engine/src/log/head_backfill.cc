#include "log/head_backfill.h"

#include <string>

#include "storage/keys.h"

namespace gridledger {

Result<uint64_t> ReadIndexMark(const RocksStore& store, std::string_view mark_key,
                               std::string_view what) {
  std::string value;
  GL_ASSIGN_OR_RETURN(bool found, store.Get(Family::kMeta, mark_key, &value,
                                            "reading the " + std::string(what) + "'s mark"));
  if (!found) return uint64_t{0};
  if (value.size() != 8)
    return Status::Corruption("the " + std::string(what) + "'s mark is damaged");
  return keys::ReadBE64(value);
}

Result<uint64_t> BackfillFromHeads(RocksStore& store, uint64_t covered, uint64_t tail,
                                   std::string_view mark_key, std::string_view what,
                                   const IndexHead& index) {
  if (covered >= tail) return uint64_t{0};
  auto it = store.NewCursor(Family::kLog, {.lower = keys::PositionKey(Position{covered + 1}),
                                           .readahead_bytes = 2u << 20});
  StoreBatch batch = store.NewBatch();
  uint64_t expect = covered + 1;
  uint64_t indexed = 0;
  size_t in_batch = 0;
  for (it->SeekToFirst(); it->Valid() && expect <= tail; it->Next(), ++expect) {
    if (keys::ReadBE64(it->key()) != expect) break;  // a gap: reported below
    auto head = ViewStoredEvent(it->value());
    if (!head.ok())
      return Status::Corruption("building the " + std::string(what) + " at position " +
                                std::to_string(expect) + ": " + head.error().message());
    index(batch, it->key(), *head, expect);
    ++indexed;
    if (++in_batch == kBackfillBatchEvents || expect == tail) {
      batch.Put(Family::kMeta, mark_key, keys::PositionKey(Position{expect}));
      GL_RETURN_IF_ERROR(store.Write(batch, /*sync=*/false, "writing the " + std::string(what)));
      batch.Clear();
      in_batch = 0;
    }
  }
  GL_RETURN_IF_ERROR(it->status("building the " + std::string(what)));
  if (expect <= tail)
    return Status::Corruption("the log has a gap: position " + std::to_string(expect) +
                              " is missing");
  return indexed;
}

}  // namespace gridledger
