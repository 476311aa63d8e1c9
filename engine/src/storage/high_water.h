// The durable high-water mark: the highest log position ever acknowledged,
// kept in a small file of its own beside RocksDB's, so that losing the
// WAL's tail (a truncated or replaced WAL file) cannot take the evidence
// along. Open refuses a log that ends below its mark.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "gridledger/status.h"

namespace gridledger {

class HighWaterMark {
 public:
  // Name of the file in the data directory: 16 bytes, the position
  // big-endian and its bitwise complement (a torn write shows).
  static constexpr const char* kFileName = "HIGH_WATER";

  // Opens (creating unless `read_only`) the mark of `dir`. A missing file
  // reads as 0 (stores from before the mark, fresh checkpoints).
  static Result<std::unique_ptr<HighWaterMark>> Open(const std::string& dir, bool read_only);
  ~HighWaterMark();

  // The stored mark; kCorruption when the file is damaged.
  Result<uint64_t> Load() const;
  // Raises the mark to `position`: written to the file (the OS's page
  // cache) before returning, so it survives a crash of this process like
  // the WAL does. With `sync` it is also made durable, by a background
  // thread, off the commit path: after a power loss the mark may lag the
  // last acknowledgements by the one fdatasync in flight (about a
  // millisecond), never more. (Measured: a second fdatasync per durable
  // group on the writer cost about a fifth of durable throughput,
  // docs/benchmarks.md.) Called by the log's writer only, after the events
  // up to `position` are in the WAL, before any of them is acknowledged.
  Status Store(uint64_t position, bool sync);

 private:
  // Makes every stored mark durable now (at close).
  Status Sync();
  HighWaterMark(std::string path, int fd, bool writable);
  void SyncLoop();

  std::string path_;
  int fd_ = -1;  // -1: read-only and absent
  // The background sync: `wanted_` is the highest mark a durable group
  // stored, `attempted_` the highest the syncer has synced (or tried to).
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wanted_ = 0, attempted_ = 0;
  bool stop_ = false;
  std::thread syncer_;
};

}  // namespace gridledger
