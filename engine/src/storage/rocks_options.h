// The RocksDB options of GridLedger's column families, in one place: the
// store opens its families with them, and the benchmarks' raw RocksDB
// baseline uses the very same ones (bench/bench_support.cc), so that a
// ratio against raw RocksDB compares like with like. Internal to storage/
// (and the white-box benchmarks).
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include <memory>

namespace gridledger {

// Block-based tables sharing `cache`: cached and pinned index and filter
// blocks, partitioned (two-level) indexes, and bloom filters when `bloom`.
rocksdb::BlockBasedTableOptions TableOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                             bool bloom);

// A family's base options: 64 MiB memtables, LZ4 (zstd at the bottom),
// dynamic level sizes, TableOptions(cache, bloom).
rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                           bool bloom);

// The options of the family that holds the events' own bytes: a family's
// base options (no bloom: positions are read in order or by key) with LZ4
// on the last level too. Every scan, subscription catch-up, rebuild and
// verify reads this family whole, and zstd's decompression was 40 % of a
// scan (docs/benchmarks.md, "The events' last level in LZ4"); LZ4 costs
// about a fifth more disk and half the compaction CPU.
rocksdb::ColumnFamilyOptions LogFamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache);

// The database-wide options every store shares (background jobs, sync
// pacing); the store adds its recovery and WAL settings.
void ApplySharedDbOptions(rocksdb::DBOptions& options);

}  // namespace gridledger
