// PersonKeyStore: where the personal vault keeps its secrets (the
// installation secret, per-person keys, phone generations), in the
// "person_keys" column family, never in the log. Every write is durable
// before it returns; Destroy also pushes the old value out of the
// memtable, WAL and table files (crypto-shredding needs the key gone from
// disk, not only overwritten).
//
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/rocks_store.h"

namespace gridledger {

class PersonKeyStore {
 public:
  static constexpr const char* kFamily = "person_keys";

  // The store's key family. Read-only, a store that never held personal
  // data has none: then present() is false and every Get finds nothing.
  // kInternal when a writable store did not open the family.
  static Result<std::unique_ptr<PersonKeyStore>> Open(RocksStore& store);

  bool present() const { return family_.has_value(); }
  bool read_only() const { return store_.read_only(); }

  // The value at `name`, or nullopt.
  Result<std::optional<std::string>> Get(std::string_view name) const;
  // Stores `value` at `name`, durably.
  Status Put(std::string_view name, std::string_view value);
  // Replaces `name` with `marker` durably, then flushes and compacts the
  // family so that the old value is gone from every file.
  Status Destroy(std::string_view name, std::string_view marker);

 private:
  PersonKeyStore(RocksStore& store, std::optional<FamilyRef> family)
      : store_(store), family_(family) {}
  RocksStore& store_;
  std::optional<FamilyRef> family_;
};

}  // namespace gridledger
