#include "storage/rocks_options.h"

#include <rocksdb/filter_policy.h>

namespace gridledger {

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

rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                           bool bloom) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = 64u << 20;
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kZSTD;
  cf.level_compaction_dynamic_level_bytes = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(TableOptions(cache, bloom)));
  return cf;
}

rocksdb::ColumnFamilyOptions LogFamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf = FamilyOptions(cache, /*bloom=*/false);
  cf.bottommost_compression = rocksdb::kLZ4Compression;
  return cf;
}

void ApplySharedDbOptions(rocksdb::DBOptions& options) {
  options.max_background_jobs = 2;
  options.bytes_per_sync = 1 << 20;
}

}  // namespace gridledger
