// SpillingModelStore: where a build of the read models (a rebuild into a
// new generation, the background build of a store without them) writes.
//
// Rows written with WriteNow/Absorb stay in memory, decoded nowhere and
// copied once, and every read of the build sees them first; when they
// exceed the budget, and whenever the caller asks (Spill), they go to the
// generation's RocksModelStore as sorted table files (one per key range,
// written at once) ingested in one atomic, durable step: no WAL, no
// memtable, no per-row insert. The rows
// of a spill include the projection's checkpoint (ReadModels writes it with
// every group), so what a crash leaves is exactly the last spill: the build
// resumes from its checkpoint. Rows spilled earlier are read back from the
// store (its block cache keeps the recent ones).
//
// Only for a build: Stage, Publish and Discard (the commit path) are not
// offered; Finish spills the rest and hands the generation's store over
// for the commits that follow.
//
// Thread safety: none; the build's one thread uses it.
#pragma once

#include <cstddef>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "projections/model_store.h"
#include "projections/row_map.h"

namespace gridledger {

class SpillingModelStore final : public ModelStore {
 public:
  // Rows held in memory before they are spilled (keys, values and a
  // per-row overhead); at least one group's rows are always held. A large
  // spill is sorted and written in up to `spill_threads` key ranges at once
  // (a file each, all added in one step); 0 = one per core, at most
  // kMaxSpillThreads.
  SpillingModelStore(std::unique_ptr<RocksModelStore> target, size_t budget_bytes,
                     unsigned spill_threads = 0);
  static constexpr unsigned kMaxSpillThreads = 4;
  // A range has at least this many rows (smaller spills use one thread).
  static constexpr size_t kMinRowsPerSpillThread = 32768;

  Result<bool> Get(std::string_view key, std::string* value) const override;
  Status Scan(std::string_view lower, std::string_view upper,
              const RowVisitor& visit) const override;
  // Not for a build: a programming error, answered with kInternal at the
  // next WriteNow, Spill or Finish.
  void Stage(const ModelRows& rows, StoreBatch* batch) override;
  void Publish() override {}
  void Discard() override {}
  Status WriteNow(const ModelRows& rows) override;
  Status Absorb(ModelRows&& rows) override;

  // Writes what is held to the store (a table file per key range, all
  // added in one step) and empties memory.
  Status Spill();
  // Spill, then the generation's store, for commits from now on.
  Result<std::unique_ptr<RocksModelStore>> Finish();

  size_t held_bytes() const { return bytes_; }
  uint64_t spills() const { return spills_; }
  // Table files written so far (a spill in several ranges writes several).
  uint64_t files() const { return files_; }

 private:
  void Hold(std::string key, std::optional<std::string> value);
  void ReserveForBudget();
  Status SpillIfFull();

  std::unique_ptr<RocksModelStore> target_;
  size_t budget_;
  unsigned spill_threads_;
  RowMap rows_;
  // The rows of the last spill, being freed on another thread (its
  // destructor waits for it).
  std::future<void> freeing_;
  size_t bytes_ = 0;
  uint64_t spills_ = 0;
  uint64_t files_ = 0;
  bool misused_ = false;
};

}  // namespace gridledger
