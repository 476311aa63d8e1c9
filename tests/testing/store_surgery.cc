#include "testing/store_surgery.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <vector>

namespace gridledger::testing {
namespace {

// Every family of the store at `dir`, opened (read-only when asked);
// `meta` is the index of the meta family. Null when opening failed.
struct Opened {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  int meta = -1;
  ~Opened() {
    for (auto* h : handles) (void)db->DestroyColumnFamilyHandle(h);
  }
};

std::unique_ptr<Opened> Open(const std::string& dir, bool read_only) {
  std::vector<std::string> names;
  rocksdb::DBOptions options;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir, &names).ok()) << dir;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  auto opened = std::make_unique<Opened>();
  rocksdb::DB* db = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(options, dir, families, &opened->handles, &db)
                : rocksdb::DB::Open(options, dir, families, &opened->handles, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!db) return nullptr;
  opened->db.reset(db);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == "meta") opened->meta = static_cast<int>(i);
  EXPECT_GE(opened->meta, 0) << "no meta family in " << dir;
  return opened->meta >= 0 ? std::move(opened) : nullptr;
}

}  // namespace

void SetMetaKey(const std::string& dir, std::string_view key, std::optional<std::string> value) {
  auto store = Open(dir, /*read_only=*/false);
  if (!store) return;
  auto* meta = store->handles[store->meta];
  rocksdb::Status s = value ? store->db->Put(rocksdb::WriteOptions(), meta, key, *value)
                            : store->db->Delete(rocksdb::WriteOptions(), meta, key);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

bool HasMetaKey(const std::string& dir, std::string_view key) {
  auto store = Open(dir, /*read_only=*/true);
  if (!store) return false;
  std::string value;
  return store->db->Get(rocksdb::ReadOptions(), store->handles[store->meta], key, &value).ok();
}

}  // namespace gridledger::testing
