// How the store under the log is tuned: the knobs that move the durable
// latency tail on a small machine (docs/benchmarks.md measures each).
//
// Nothing here is stored: a store opens with any tuning, and every tuning
// keeps every guarantee of the log (durability, atomicity, order); only
// speed and memory differ.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gridledger/export.h"
#include "gridledger/status.h"

namespace gridledger {

struct StorageTuning {
  // Memtable size of the family holding the events' bytes. Smaller
  // memtables flush more often and for less time each.
  // Default: 64 MiB (at least 1 MiB)
  size_t log_write_buffer_bytes = 64u << 20;
  // Memtables each family may hold at once (one taking writes, the rest
  // waiting for or in their flush) before writes are slowed.
  // Default: 2 (2 to 16)
  int max_write_buffers = 2;
  // Threads for flushes and compactions together.
  // Default: 2 (1 to 16)
  int background_jobs = 2;
  // LZ4 on the upper levels; false leaves them uncompressed (less CPU per
  // flush, more disk). The last level is compressed either way (LZ4 for
  // the events themselves, ZSTD for the indexes and read models).
  // Default: true
  bool compress_upper_levels = true;
  // Bytes per second that flushes and compactions may write (a rate
  // limiter spreading their I/O); 0: unlimited.
  // Default: 0
  uint64_t background_write_bytes_per_second = 0;
  // Runs the store's background threads at a lower CPU priority than the
  // log's writer (RocksDB's thread pools are the process's: this applies
  // to every store the process opens afterwards).
  // Default: false
  bool lower_background_priority = false;

  // kInvalidArgument naming the field that is out of range.
  GRIDLEDGER_EXPORT Status Validate() const;
};

}  // namespace gridledger
