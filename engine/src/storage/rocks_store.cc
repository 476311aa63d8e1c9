#include "storage/rocks_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <cstring>

#include "storage/store_marker.h"

namespace gridledger {

namespace {

constexpr const char* kFamilyNames[] = {"default", "streams", "heads", "ids", "meta"};

// Prefix of a stream index key: the stream id up to and including its NUL.
class StreamPrefixTransform final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "gridledger.StreamPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const char* nul = static_cast<const char*>(std::memchr(key.data(), 0, key.size()));
    return rocksdb::Slice(key.data(), nul - key.data() + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::memchr(key.data(), 0, key.size()) != nullptr;
  }
};

rocksdb::BlockBasedTableOptions TableOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                             bool bloom) {
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.cache_index_and_filter_blocks = true;
  t.cache_index_and_filter_blocks_with_high_priority = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  // Partitioned index and filters: a point read loads one 4 KiB index
  // partition, not the whole index of a 64 MiB file. Measured by the growth
  // benchmark: with whole-file index blocks (over 1 MiB each, bigger than a
  // cache shard, so never kept) a read by id at 1M stored events cost ~1 ms.
  t.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  t.metadata_block_size = 4096;
  t.pin_top_level_index_and_filter = true;
  t.format_version = 5;
  if (bloom) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    t.partition_filters = true;
  }
  return t;
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::Ok();
  std::string msg = std::string(context) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsIOError()) {
    if (s.subcode() == rocksdb::Status::kNoSpace)
      return Status::IOError(std::string(context) + ": the disk is full (" + s.ToString() + ")");
    return Status::IOError(msg);
  }
  if (s.IsShutdownInProgress() || s.IsBusy() || s.IsTryAgain()) return Status::Unavailable(msg);
  return Status::Internal(msg);
}

// Discards RocksDB's info log (a read-only open writes nothing).
class NullLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

Result<std::unique_ptr<RocksStore>> RocksStore::Open(const std::string& dir,
                                                     const StoreOptions& options) {
  if (!options.env)  // fault-injection tests bring their own file system
    GL_RETURN_IF_ERROR(PrepareStoreDirectory(dir, options.create_if_missing, options.read_only));
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = !options.read_only;
  if (options.read_only) db_options.info_log = std::make_shared<NullLogger>();
  if (options.env) db_options.env = options.env;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.paranoid_checks = true;
  // A torn last WAL record (power loss mid-write: never acknowledged) is
  // dropped; damage anywhere else in the WAL refuses to open instead of
  // silently recovering only up to it.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.max_total_wal_size = 256u << 20;
  db_options.keep_log_file_num = 5;
  // One writer thread: concurrent memtable writes buy nothing, and the
  // hash memtable of the ids family does not support them.
  db_options.allow_concurrent_memtable_write = false;
  // recycle_log_file_num stays 0: measured here it did not make durable
  // groups faster, and fresh WAL files keep crash recovery simplest.

  auto base = [&](bool bloom) {
    rocksdb::ColumnFamilyOptions cf;
    cf.write_buffer_size = 64u << 20;
    cf.compression = rocksdb::kLZ4Compression;
    cf.bottommost_compression = rocksdb::kZSTD;
    cf.level_compaction_dynamic_level_bytes = true;
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(TableOptions(cache, bloom)));
    return cf;
  };

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  rocksdb::ColumnFamilyOptions log_cf = base(false);  // positions: no bloom needed
  descriptors.emplace_back(kFamilyNames[0], log_cf);
  rocksdb::ColumnFamilyOptions streams_cf = base(true);
  streams_cf.prefix_extractor = std::make_shared<StreamPrefixTransform>();
  streams_cf.memtable_prefix_bloom_size_ratio = 0.05;
  descriptors.emplace_back(kFamilyNames[1], streams_cf);
  descriptors.emplace_back(kFamilyNames[2], base(true));
  // Event ids are random: a hash-bucketed memtable inserts them in O(1)
  // instead of walking a skip list with a cache miss per level, the log's
  // costliest write. Only point lookups are ever made in this family.
  rocksdb::ColumnFamilyOptions ids_cf = base(true);
  ids_cf.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
  ids_cf.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(1 << 18));
  descriptors.emplace_back(kFamilyNames[3], ids_cf);
  rocksdb::ColumnFamilyOptions meta_cf = base(false);
  meta_cf.write_buffer_size = 4u << 20;
  descriptors.emplace_back(kFamilyNames[4], meta_cf);

  std::unique_ptr<RocksStore> store(new RocksStore());
  store->dir_ = dir;
  store->projection_options_ = base(true);

  // Projection families: those requested plus any already in the store.
  std::vector<std::string> extra = options.extra_families;
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, dir, &existing).ok()) {
    for (const auto& name : existing) {
      bool fixed = std::find(std::begin(kFamilyNames), std::end(kFamilyNames), name) !=
                   std::end(kFamilyNames);
      if (!fixed && std::find(extra.begin(), extra.end(), name) == extra.end())
        extra.push_back(name);
    }
  }
  for (const auto& name : extra) descriptors.emplace_back(name, store->projection_options_);
  if (options.read_only)
    std::erase_if(descriptors, [&](const rocksdb::ColumnFamilyDescriptor& d) {
      return std::find(existing.begin(), existing.end(), d.name) == existing.end();
    });

  rocksdb::DB* raw = nullptr;
  store->read_only_ = options.read_only;
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &store->handles_, &raw)
          : rocksdb::DB::Open(db_options, dir, descriptors, &store->handles_, &raw);
  if (!s.ok()) {
    std::string text = s.ToString();
    if (s.IsIOError() &&
        (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos))
      return Status::Unavailable("data directory " + dir +
                                 " is in use by another GridLedger process (" + text + ")");
    if (s.IsInvalidArgument() && text.find("does not exist") != std::string::npos)
      return Status::NotFound("no GridLedger data directory at " + dir);
    return FromRocks(s, "opening " + dir);
  }
  store->db_.reset(raw);
  for (const auto& d : descriptors) store->names_.push_back(d.name);
  return store;
}

RocksStore::~RocksStore() {
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close().PermitUncheckedError();
  }
}

rocksdb::ColumnFamilyHandle* RocksStore::cf(const std::string& name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return handles_[i];
  return nullptr;
}

Status RocksStore::VerifyFileChecksums() const {
  return FromRocks(db_->VerifyChecksum(), "checking the store's table files");
}

Status RocksStore::ResetFamily(const std::string& name) {
  for (size_t i = static_cast<size_t>(Family::kCount); i < names_.size(); ++i) {
    if (names_[i] != name) continue;
    auto s = db_->DropColumnFamily(handles_[i]);
    if (!s.ok()) return FromRocks(s, "dropping projection " + name);
    db_->DestroyColumnFamilyHandle(handles_[i]);
    rocksdb::ColumnFamilyHandle* h = nullptr;
    s = db_->CreateColumnFamily(projection_options_, name, &h);
    if (!s.ok()) return FromRocks(s, "recreating projection " + name);
    handles_[i] = h;
    return Status::Ok();
  }
  return Status::NotFound("no projection family " + name);
}

}  // namespace gridledger
