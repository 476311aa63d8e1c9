// ReadModels: every read model of the engine, projected from the log and
// kept in a ModelStore (on disk: the "readmodels" column family).
//
// Fed in position order by the log's writer thread: Stage() applies a
// commit group's events and adds the rows they change, with the
// projection's checkpoint, to the group's own write batch, so the stored
// models and the log never disagree, crash or not, and opening needs no
// replay. Applying depends only on the event sequence, so a recomputation
// from the log gives the same rows (Dump() is byte-identical).
//
// What is kept in memory: the grid registry (small; rebuilt at open from the
// registry events its rows point at) and, for the writer only, a bounded
// RowCache of the rows it read or wrote lately (the hot ones: the day's
// statistics buckets, open cases), so that applying an event reads its
// rows from memory instead of RocksDB's memtable, and up to KeptBuckets()
// statistics buckets decoded (buckets_). Queries read the store
// (RocksDB's block cache keeps the hot rows).
//
// Personal data: rows hold the sealed reporter field as the event does,
// never a plain or masked phone; FindCase unseals and masks on reading, so
// an erased person's phone is gone from every view at once.
//
// Thread safety: queries may run concurrently with Stage on a
// RocksModelStore. The engine holds its models lock exclusively around
// Stage when a group changes the registry, and around Publish/Discard.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crypto/personal_vault.h"
#include "domain/case_model.h"
#include "domain/registry.h"
#include "gridledger/read_models.h"
#include "projections/model_store.h"
#include "projections/stats_bucket.h"

namespace gridledger {

class ReadModels {
 public:
  // The layout of every row; a store whose models carry another version is
  // rebuilt. Bump it with any change to model_keys.h or records.cc.
  static constexpr uint32_t kSchemaVersion = 1;
  // The column family of the stored read models.
  static constexpr const char* kFamily = "readmodels";

  // Reads one event of the log (for the registry's events).
  using EventReader = std::function<Result<RecordedEvent>(Position)>;

  // `writer_cache_bytes`: the writer's RowCache budget (0: none, for a
  // MemoryModelStore, which is memory already).
  ReadModels(const PersonalVault* vault, std::unique_ptr<ModelStore> store, EventReader read,
             size_t writer_cache_bytes = 0);

  ModelStore& store() { return *store_; }

  // ---- writer side (the log's writer thread, or the opener) ----
  // True when `events` change the registry (the engine then holds its lock
  // exclusively around Stage).
  static bool ChangesRegistry(const std::vector<RecordedEvent>& events);
  // Applies `events` and stages the rows they change (plus the checkpoint)
  // into `batch`. An error (a row that cannot be read) leaves nothing staged.
  Status Stage(const std::vector<RecordedEvent>& events, StoreBatch* batch);
  // The staged batch was written / was not.
  void Publish();
  Status Discard();
  // Applies `events` and writes their rows at once (catch-up, rebuild).
  Status ApplyNow(const std::vector<RecordedEvent>& events);
  // For models built on a SpillingModelStore (a build): SpillBuild writes
  // what the build holds in memory to the store (durable progress: a build
  // stopped or crashed after it resumes from there); EndBuild spills the
  // rest, puts the generation's own store in its place for the commits
  // that follow, and gives the writer its row cache. No-ops otherwise.
  Status SpillBuild();
  Status EndBuild(size_t writer_cache_bytes);
  // Loads the registry from the events its rows point at.
  Status LoadRegistry();
  // Position of the last event applied (0: none).
  Result<Position> Checkpoint() const;

  // ---- queries ----
  const domain::Registry& registry() const { return registry_; }
  // The case without its timeline; the masked phone filled in.
  Result<std::optional<domain::CaseModel>> FindCase(const std::string& case_id) const;
  // A resident's cases (none once the person is erased, unless
  // `include_erased`).
  Result<std::vector<std::string>> CasesOfPerson(const std::string& person_id,
                                                 bool include_erased = false) const;
  // Largest daily sequence used by case ids "YYYYMMDD-NNNN" of `date`.
  Result<uint32_t> LastSequence(const std::string& date) const;
  Result<std::vector<QueueItem>> Queue(const std::string& scope) const;
  Result<std::vector<LedgerEntry>> Ledger(const std::string& scope, Timestamp from,
                                          Timestamp to) const;
  Result<Statistics> Stats(const std::string& scope, Timestamp from, Timestamp to) const;
  Result<std::vector<QueueItem>> DeadlinesBefore(Timestamp until) const;
  // Every open case, in case id order; with the queue's view of each.
  Result<std::vector<QueueItem>> OpenCases() const;

  // Deterministic text of every row, for rebuild and verify checks.
  Result<std::string> Dump() const;

 private:
  // Applies a group's events into `w`, then its statistics buckets and the
  // checkpoint; marks registry_staged_ when one changed the registry. On
  // an error `w` is to be dropped (nothing of it is staged or written).
  Status ApplyGroup(const std::vector<RecordedEvent>& events, ModelWrites& w);
  Status Apply(const RecordedEvent& e, ModelWrites& w, domain::Registry& registry);
  // Folds a case event into cases_ (the case decoded once per group);
  // FlushCases then writes each changed case's rows once, from its state
  // before the group and after it. Every row a case has (its record, queue
  // line, deadline, ledger line, statistics) depends on the case's state
  // alone, and the statistics are sums, so one step from the first state to
  // the last leaves exactly the rows that one step per event would.
  Status ApplyCase(const RecordedEvent& e, ModelWrites& w, const domain::Registry& registry);
  Status FlushCases(ModelWrites& w);
  Status WriteCaseRows(const std::string& id, const domain::CaseModel& before,
                       const domain::CaseModel& now, ModelWrites& w);
  Status ApplyMediation(const RecordedEvent& e, ModelWrites& w);
  Status ApplyWish(const RecordedEvent& e, ModelWrites& w);
  void AddWork(const RecordedEvent& e, uint32_t index, WorkRecord record, ModelWrites& w,
               std::vector<std::pair<Timestamp, WorkRecord>>* added);
  // Adds `delta` to the buckets of `grid`'s scopes on `anchor`'s day, in
  // buckets_ (decoded, read from the store only when not there); FlushBuckets
  // packs those the group changed into `w` once at the end of the group (a
  // bucket that came to zero is deleted).
  Status AddToBuckets(ModelWrites& w, Timestamp anchor, const std::string& grid,
                      const StatsBucket& delta);
  void FlushBuckets(ModelWrites& w);
  // Drops every decoded bucket: after a group that failed or was not
  // written, buckets_ may hold counts the store does not.
  void ForgetBuckets();
  // Statistics' facts in [from, to) one by one (edges of days, odd scopes).
  Status AddFacts(const std::string& scope, Timestamp from, Timestamp to, StatsBucket& total) const;
  Result<std::optional<domain::CaseModel>> LoadCase(const std::string& case_id) const;

  const PersonalVault* vault_;
  std::unique_ptr<ModelStore> store_;
  EventReader read_;
  domain::Registry registry_;
  bool registry_staged_ = false;  // the staged group changed registry_
  RowCache cache_;                // the writer's (see the top of this file)
  ModelRows staged_;              // the staged group's rows, cached at Publish
  // The cases the group being applied changes: as the store has them and
  // as the group leaves them, in touched_[0, touched_count_), found by id
  // (the view is of TouchedCase::id). Up to kKeptTouchedCases stay
  // allocated between groups, so that a build's chunks reuse their models'
  // buffers instead of allocating and freeing every string of every case.
  struct TouchedCase {
    std::string id;
    domain::CaseModel before, now;
  };
  static constexpr size_t kKeptTouchedCases = 4096;
  // The next free TouchedCase, its id set; ApplyCase counts it in once its
  // state is loaded.
  TouchedCase& Touch(const std::string& id);
  void ForgetTouched();
  std::unordered_map<std::string_view, TouchedCase*> cases_;
  std::vector<std::unique_ptr<TouchedCase>> touched_;
  size_t touched_count_ = 0;
  // Statistics buckets decoded, kept between groups (a day's buckets are
  // changed by most of its events): each as the store has it after the last
  // group written, plus what the group being applied added to it. The
  // group's changed ones are in dirty_buckets_. Emptied when a group fails
  // or is discarded, and when more than KeptBuckets() are held (about 1.5 KB
  // each): one per 8 KiB of the writer's cache budget, at least 64 and at
  // most 65,536; kDefaultKeptBuckets without a cache (a build, a
  // MemoryModelStore).
  struct CachedBucket {
    StatsBucket bucket;
    bool dirty = false;  // changed by the group being applied
  };
  static constexpr size_t kDefaultKeptBuckets = 4096;
  size_t KeptBuckets() const;
  std::unordered_map<std::string, CachedBucket> buckets_;
  std::vector<std::pair<const std::string, CachedBucket>*> dirty_buckets_;
};

}  // namespace gridledger
