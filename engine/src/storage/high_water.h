// The durable high-water mark: the highest log position ever acknowledged,
// kept in a small file of its own beside RocksDB's, so that losing the
// WAL's tail (a truncated or replaced WAL file) cannot take the evidence
// along. Open refuses a log that ends below its mark.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

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
  // Raises the mark to `position`; with `sync`, fdatasync before
  // returning. Called by the log's writer only, after the events up to
  // `position` are in the WAL, before any of them is acknowledged.
  Status Store(uint64_t position, bool sync);

 private:
  HighWaterMark(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;  // -1: read-only and absent
};

}  // namespace gridledger
