// RowCache: the read-model rows the log's writer thread read or wrote
// lately, so that applying a commit group does not read its hot rows (the
// day's statistics buckets, open cases, their queue lines) back from
// RocksDB's memtable for every event.
//
// What it holds is only ever committed state: a value read from the store,
// a row's absence there, or the rows of a group whose batch was written
// (ReadModels puts them in after the write, never while staged). So a hit
// answers exactly what the store would.
//
// Bounded by bytes (keys plus values plus a per-entry overhead) with two
// generations in the manner of a segmented LRU: entries go into the young
// generation; when it reaches half the budget the old one is dropped and
// the young one becomes old; a hit in the old one moves the entry back
// into the young one. Every operation is O(1); the hot set survives, the
// cold one ages out within two turns.
//
// Thread safety: none; one thread (the log's writer, or the opener before
// the models go live) uses it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "projections/row_map.h"

namespace gridledger {

class RowCache {
 public:
  // `budget_bytes` 0: the cache holds nothing (every Find misses).
  explicit RowCache(size_t budget_bytes) : budget_(budget_bytes) {}

  // nullptr: not cached. Otherwise the cached row: a value, or nullopt when
  // the row is known not to exist. Valid until the next Find, Put or Clear
  // (a hit in the old generation may turn the generations over).
  const std::optional<std::string>* Find(std::string_view key);
  // Caches `key`'s committed value (nullopt: absent).
  void Put(std::string_view key, std::optional<std::string> value);
  void Clear();

  bool enabled() const { return budget_ > 0; }
  size_t budget() const { return budget_; }
  size_t bytes() const { return young_bytes_ + old_bytes_; }
  size_t entries() const { return young_.size() + old_.size(); }

 private:
  using Map = RowMap;
  static size_t Cost(std::string_view key, const std::optional<std::string>& value);
  // Puts into young_, turning the generations over when it is full.
  const std::optional<std::string>* Insert(std::string key, std::optional<std::string> value);

  size_t budget_;
  Map young_, old_;
  size_t young_bytes_ = 0, old_bytes_ = 0;
};

}  // namespace gridledger
