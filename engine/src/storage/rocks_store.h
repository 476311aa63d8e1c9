// RocksStore: the RocksDB database behind a GridLedger data directory, with
// its column families. Internal to the engine: only storage/, log/ and the
// projection stores include it.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <memory>
#include <string>
#include <vector>

#include "gridledger/status.h"

namespace gridledger {

// The fixed column families of the log.
enum class Family : int { kLog = 0, kStreams, kHeads, kIds, kMeta, kCount };

struct StoreOptions {
  bool create_if_missing = true;
  size_t block_cache_bytes = 64u << 20;
  // Extra column families (projections) to open or create besides the log's.
  std::vector<std::string> extra_families;
  // File system environment; null = the default. Tests inject faults here.
  rocksdb::Env* env = nullptr;
  // Open without writing anything: no LOCK, no info LOG, no new families
  // (families that do not exist yet are simply not opened), no marker.
  bool read_only = false;
};

class RocksStore {
 public:
  // Opens `dir` after PrepareStoreDirectory accepted it (kInvalidArgument
  // naming what was found when it is not a GridLedger store).
  // kUnavailable when another process holds it.
  static Result<std::unique_ptr<RocksStore>> Open(const std::string& dir,
                                                  const StoreOptions& options);
  ~RocksStore();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles_[static_cast<int>(f)]; }
  // A projection family by name; null when not opened.
  rocksdb::ColumnFamilyHandle* cf(const std::string& name) const;
  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }

  // Reads every table file and checks its block checksums; kCorruption
  // naming the damage when one does not match.
  Status VerifyFileChecksums() const;

  // Drops and recreates an extra family (projection rebuild).
  Status ResetFamily(const std::string& name);

 private:
  RocksStore() = default;
  std::string dir_;
  bool read_only_ = false;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<std::string> names_;
  rocksdb::ColumnFamilyOptions projection_options_;
};

// Translates a RocksDB status into a GridLedger Status; `context` says
// what was being done ("reading position 42").
Status FromRocks(const rocksdb::Status& s, std::string_view context);

}  // namespace gridledger
