// RawStore: opens a GridLedger data directory with RocksDB directly, behind
// the engine's back, so that tests can damage stored values the way a disk
// fault or a tamperer would. The EventLog using the directory must be closed
// first (RocksDB's LOCK file forbids two openers).
//
// Column families (engine/src/storage/keys.h, rocks_store.cc): "default"
// holds the log (key = 8-byte big-endian position), then "streams",
// "heads", "ids", "meta". RocksDB insists that every existing family is
// opened, so this opens whatever ListColumnFamilies reports.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/keys.h"

namespace gridledger::testing {

class RawStore {
 public:
  // Opens `dir`; on failure records a test failure and ok() is false.
  explicit RawStore(const std::string& dir) {
    rocksdb::DBOptions db_options;
    std::vector<std::string> names;
    auto s = rocksdb::DB::ListColumnFamilies(db_options, dir, &names);
    if (!s.ok()) {
      ADD_FAILURE() << "listing column families of " << dir << ": " << s.ToString();
      return;
    }
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    rocksdb::DB* raw = nullptr;
    s = rocksdb::DB::Open(db_options, dir, descriptors, &handles_, &raw);
    if (!s.ok()) {
      ADD_FAILURE() << "opening " << dir << " with RocksDB: " << s.ToString();
      return;
    }
    db_.reset(raw);
    names_ = names;
  }

  ~RawStore() {
    if (!db_) return;
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    db_->Close().PermitUncheckedError();
  }

  RawStore(const RawStore&) = delete;
  RawStore& operator=(const RawStore&) = delete;

  bool ok() const { return db_ != nullptr; }

  // The family named `name`; null when the store has none.
  rocksdb::ColumnFamilyHandle* Family(const std::string& name) const {
    for (size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return handles_[i];
    return nullptr;
  }
  rocksdb::ColumnFamilyHandle* Log() const { return Family("default"); }

  // The stored value at position `p`; nullopt when absent.
  std::optional<std::string> GetValue(uint64_t p) const {
    std::string value;
    auto s = db_->Get(rocksdb::ReadOptions(), Log(), keys::PositionKey(Position{p}), &value);
    if (!s.ok()) return std::nullopt;
    return value;
  }

  // Overwrites (or creates) the value at position `p`, synced.
  void PutValue(uint64_t p, const std::string& value) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    auto s = db_->Put(wo, Log(), keys::PositionKey(Position{p}), value);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Removes the value at position `p`, synced.
  void DeleteValue(uint64_t p) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    auto s = db_->Delete(wo, Log(), keys::PositionKey(Position{p}));
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Drops the family `name` (as if the store were from before it).
  void DropFamily(const std::string& name) {
    auto* h = Family(name);
    ASSERT_NE(h, nullptr) << name;
    auto s = db_->DropColumnFamily(h);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Removes `key` from family `name`, synced.
  void Delete(const std::string& name, const std::string& key) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    auto s = db_->Delete(wo, Family(name), key);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  rocksdb::DB* db() const { return db_.get(); }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<std::string> names_;
};

}  // namespace gridledger::testing
