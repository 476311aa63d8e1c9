// RocksStore: the database behind a GridLedger data directory, with its
// column families, offered as typed operations so that no folder but
// storage/ includes RocksDB: point reads, bounded cursors, a write batch of
// our own, durable writes, flush-and-compact, resuming after a failed write,
// checkpoints and the figures /metrics shows.
//
// Thread safety: every const method and Write may be called from any
// thread; Open/ResetFamily are not concurrent with anything.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gridledger/status.h"
#include "gridledger/storage_tuning.h"

namespace rocksdb {
class Env;  // only fault-injection tests hand one in (StoreOptions::env)
}

namespace gridledger {

// The fixed column families of the log. kTimes (the time index) and
// kSummaries (the filters' per-event summaries) are absent from a store
// written before they existed when that store is opened read-only: then
// Has() is false for them, Get finds nothing in them and their cursors are
// empty.
enum class Family : int { kLog = 0, kStreams, kHeads, kIds, kMeta, kTimes, kSummaries, kCount };

struct StoreOptions {
  bool create_if_missing = true;
  size_t block_cache_bytes = 64u << 20;
  // Extra column families (projections) to open or create besides the log's.
  std::vector<std::string> extra_families;
  // File system environment; null = the default. Tests inject faults here
  // (then the directory is not checked for the GridLedger marker).
  rocksdb::Env* env = nullptr;
  // Open without writing anything: no LOCK, no info LOG, no new families
  // (families that do not exist yet are simply not opened), no marker.
  bool read_only = false;
  // Flush every memtable when the store closes (LogOptions::flush_on_close).
  bool flush_on_close = true;
  // LogOptions::storage (validated by the caller).
  StorageTuning tuning;
};

// A column family: one of the log's or a projection's (by name).
class FamilyRef {
 public:
  FamilyRef(Family f) : index_(static_cast<int>(f)) {}  // NOLINT: implicit by design
  int index() const { return index_; }

 private:
  friend class RocksStore;
  explicit FamilyRef(int index) : index_(index) {}
  int index_;
};

// Puts and deletes applied together by RocksStore::Write, atomically. Made
// by RocksStore::NewBatch; used with that store only.
class StoreBatch {
 public:
  ~StoreBatch();
  StoreBatch(StoreBatch&&) noexcept;
  StoreBatch& operator=(StoreBatch&&) noexcept;

  void Put(FamilyRef family, std::string_view key, std::string_view value);
  void Delete(FamilyRef family, std::string_view key);
  // Deletes every key in [begin, end) of `family` (a range tombstone).
  void DeleteRange(FamilyRef family, std::string_view begin, std::string_view end);
  // Operations so far.
  size_t Count() const;
  // Marks the batch's current end; Rollback undoes everything added since
  // the last mark, Pop forgets the mark. Marks nest.
  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();
  void Clear();

 private:
  friend class RocksStore;
  struct Rep;
  explicit StoreBatch(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// Where a cursor may go: keys in [lower, upper) ("" = unbounded), and, when
// `same_prefix`, only keys of the seek key's prefix (stream index).
struct CursorBounds {
  std::string lower{};
  std::string upper{};
  bool same_prefix = false;
  size_t readahead_bytes = 0;  // for long sequential scans
  // Whether the blocks read go into the block cache. Long scans pass false:
  // they read each block once, and caching it would only evict the hot
  // blocks of point reads (and cost a cache insert and eviction per block).
  bool fill_cache = true;
};

// A position in one family's sorted keys (like LevelDB's Iterator). key()
// and value() stay valid until the cursor moves.
class StoreCursor {
 public:
  virtual ~StoreCursor() = default;
  virtual void Seek(std::string_view key) = 0;         // first key >= key
  virtual void SeekForPrev(std::string_view key) = 0;  // last key <= key
  virtual void SeekToFirst() = 0;
  virtual void SeekToLast() = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual void Prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // Why iteration stopped early (damage, I/O), with `context` in the text.
  virtual Status status(std::string_view context) const = 0;
};

// One row of a sorted run for RocksStore::IngestSorted: `value` null means
// the key is deleted.
struct SortedRow {
  std::string_view key;
  const std::string* value = nullptr;
};

// What /metrics and LogStats show of the store.
struct StoreFigures {
  uint64_t memtable_bytes = 0;
  uint64_t block_cache_bytes = 0;
  uint64_t pending_compaction_bytes = 0;
  bool write_stopped = false;
  uint64_t delayed_write_rate = 0;
};

class RocksStore {
 public:
  // Opens `dir` after PrepareStoreDirectory accepted it (kInvalidArgument
  // naming what was found when it is not a GridLedger store).
  // kUnavailable when another process holds it.
  static Result<std::unique_ptr<RocksStore>> Open(const std::string& dir,
                                                  const StoreOptions& options);
  ~RocksStore();
  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;

  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }

  // Whether `family` is open (only kTimes or kSummaries of an old store
  // opened read-only may not be).
  bool Has(FamilyRef family) const;

  // A projection family by name; kNotFound when it was not opened.
  Result<FamilyRef> Extra(const std::string& name) const;

  // Reads `key`: true and *value filled when present, false when absent.
  Result<bool> Get(FamilyRef family, std::string_view key, std::string* value,
                   std::string_view context) const;
  // A cursor over `family` within `bounds`.
  std::unique_ptr<StoreCursor> NewCursor(FamilyRef family, CursorBounds bounds) const;

  StoreBatch NewBatch() const;
  // Applies `batch` atomically; `sync` makes it durable (fsync of the WAL)
  // before returning. kIOError (the disk is full: said so) leaves nothing
  // of the batch visible; then writes stay refused until ResumeWrites.
  Status Write(StoreBatch& batch, bool sync, std::string_view context);
  Status Put(FamilyRef family, std::string_view key, std::string_view value, bool sync,
             std::string_view context);

  // Writes sorted runs of rows, each key as `key_prefix` + row.key, into
  // new table files and adds them to `family` in one step (RocksDB's
  // external file ingestion): when it returns Ok every row is visible and
  // durable, newer than anything written before; on an error or a crash
  // none of them is. No WAL and no memtable: the way to write a large
  // sorted run (a read-model build). Within a run keys are strictly
  // ascending, and every key of a run is below every key of the next; each
  // run is written as a file of its own, the runs at the same time (one
  // thread each beyond the caller's). Nothing to write is Ok. The files are
  // made in the store's directory under names of their own
  // (kIngestFilePrefix); one a crash left is removed at the next writable
  // open.
  Status IngestSorted(FamilyRef family, std::string_view key_prefix,
                      const std::vector<std::span<const SortedRow>>& runs,
                      std::string_view context);
  static constexpr const char* kIngestFilePrefix = "gridledger-ingest-";

  // After a failed write: asks RocksDB to accept writes again, waiting
  // while its own recovery runs (up to kResumeWaitTries * kResumeWait).
  Status ResumeWrites();

  // Writes the memtables of `families` (all when empty) to table files and
  // syncs the WAL, so that no WAL file is still needed for what they held.
  Status Flush(const std::vector<FamilyRef>& families = {});
  // Flushes the memtables of `families` (all when empty) and compacts them
  // to the bottom level, so that deleted or overwritten bytes are gone from
  // the files (erasure, compaction).
  Status FlushAndCompact(const std::vector<FamilyRef>& families = {});
  // A consistent copy of the store in a new directory `dir` (hard links
  // where possible).
  Status Checkpoint(const std::string& dir) const;
  // Reads every table file and checks its block checksums; kCorruption
  // naming the damage when one does not match.
  Status VerifyFileChecksums() const;
  // Drops and recreates an extra family (projection rebuild).
  Status ResetFamily(const std::string& name);

  StoreFigures Figures() const;
  // Bytes of the live table files of `families` (all when empty) plus the
  // WAL.
  uint64_t DiskBytes(const std::vector<FamilyRef>& families) const;
  // RocksDB's estimate of the keys in `family`.
  uint64_t EstimateKeys(FamilyRef family) const;

 private:
  // `families`, or every family of the store when it is empty.
  std::vector<FamilyRef> OrEveryFamily(const std::vector<FamilyRef>& families) const;
  struct Rep;
  RocksStore();
  std::string dir_;
  bool read_only_ = false;
  bool flush_on_close_ = true;
  std::unique_ptr<Rep> rep_;
  std::atomic<uint64_t> ingest_files_{0};
};

}  // namespace gridledger
