// Where the read models' rows live. One sorted key space per generation of
// the models; keys are built by projections/model_keys.h.
//
//   RocksModelStore   the "readmodels" column family, rows prefixed with
//                     their generation; written in the commit's own batch
//                     (Stage), so the rows and the log never disagree
//   MemoryModelStore  a sorted map: recomputation for verify, and the
//                     fallback of a read-only open whose stored models are
//                     missing or behind the log
//
// Reads may come from any thread. Stage/Publish/Discard come from the
// log's writer thread only; a MemoryModelStore's readers and Publish are
// serialised by the engine's models lock, a RocksModelStore's rows become
// visible when the batch they were staged in is written.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridledger/status.h"
#include "projections/row_cache.h"
#include "projections/row_map.h"
#include "storage/rocks_store.h"

namespace gridledger {

// Rows changed by one unit of work: key -> new value, or nullopt = delete.
// Unordered: a group's rows go into one batch (or one build's memory), where
// their order does not matter; what needs order sorts (a build's spill).
using ModelRows = RowMap;

// Visits rows in key order; return false to stop.
using RowVisitor = std::function<bool(std::string_view key, std::string_view value)>;

class ModelStore {
 public:
  virtual ~ModelStore() = default;
  // true and *value filled when `key` exists.
  virtual Result<bool> Get(std::string_view key, std::string* value) const = 0;
  // Rows with lower <= key < upper ("" upper = to the end), in order.
  virtual Status Scan(std::string_view lower, std::string_view upper,
                      const RowVisitor& visit) const = 0;
  // Adds `rows` to the commit's batch (RocksModelStore) or keeps them until
  // Publish (MemoryModelStore; `batch` may be null).
  virtual void Stage(const ModelRows& rows, StoreBatch* batch) = 0;
  // The staged rows' batch was written / failed.
  virtual void Publish() = 0;
  virtual void Discard() = 0;
  // Writes `rows` at once, outside any commit (erasure, rebuild batches).
  virtual Status WriteNow(const ModelRows& rows) = 0;
  // WriteNow of rows the caller is done with: a store that holds rows in
  // memory (SpillingModelStore) takes them without copying.
  virtual Status Absorb(ModelRows&& rows) { return WriteNow(rows); }
};

class MemoryModelStore final : public ModelStore {
 public:
  Result<bool> Get(std::string_view key, std::string* value) const override;
  Status Scan(std::string_view lower, std::string_view upper,
              const RowVisitor& visit) const override;
  void Stage(const ModelRows& rows, StoreBatch* batch) override;
  void Publish() override;
  void Discard() override { staged_.clear(); }
  Status WriteNow(const ModelRows& rows) override;

 private:
  std::map<std::string, std::string, std::less<>> rows_;
  ModelRows staged_;
};

class RocksModelStore final : public ModelStore {
 public:
  // Rows of `generation` in `family` of `store` (not owned).
  RocksModelStore(RocksStore* store, FamilyRef family, uint32_t generation);

  uint32_t generation() const { return generation_; }
  Result<bool> Get(std::string_view key, std::string* value) const override;
  Status Scan(std::string_view lower, std::string_view upper,
              const RowVisitor& visit) const override;
  void Stage(const ModelRows& rows, StoreBatch* batch) override;
  void Publish() override {}
  void Discard() override {}
  Status WriteNow(const ModelRows& rows) override;
  // Deletes every row of this generation (after a switch to another).
  Status DropAll();
  // Writes sorted runs of rows (value null = delete; keys strictly
  // ascending within and across the runs) as table files, one per run
  // written at the same time, atomically and durably
  // (RocksStore::IngestSorted).
  Status IngestSorted(const std::vector<std::span<const SortedRow>>& runs);

 private:
  std::string Key(std::string_view key) const { return prefix_ + std::string(key); }
  RocksStore* store_;
  FamilyRef family_;
  uint32_t generation_;
  std::string prefix_;  // BE32(generation)
};

// The rows a group of events changes, read through to the store: what the
// projection reads while it applies the group sees its own earlier writes.
// With a `cache`, rows not written yet are looked up there first, and what
// the store answers is cached (committed state only; see RowCache).
class ModelWrites {
 public:
  explicit ModelWrites(const ModelStore& base, RowCache* cache = nullptr)
      : base_(base), cache_(cache) {}
  Result<bool> Get(std::string_view key, std::string* value) const;
  void Put(std::string key, std::string value) { rows_[std::move(key)] = std::move(value); }
  void Delete(std::string key) { rows_[std::move(key)] = std::nullopt; }
  const ModelRows& rows() const { return rows_; }
  ModelRows& rows() { return rows_; }
  void Clear() { rows_.clear(); }

 private:
  const ModelStore& base_;
  RowCache* cache_;
  ModelRows rows_;
};

}  // namespace gridledger
