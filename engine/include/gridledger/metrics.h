// Counters and distributions of a running log and engine, as plain values
// (a snapshot). gridledgerd exposes them at GET /metrics in the Prometheus
// text format (docs/server.md lists every series); embedders may read them
// directly. Taking a snapshot is cheap and never blocks appends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gridledger {

// A distribution: counts[i] observations fell at or below upper_bounds[i]
// and above the previous bound; counts has one more entry than
// upper_bounds, for everything above the last bound.
struct HistogramSnapshot {
  std::vector<double> upper_bounds;
  std::vector<uint64_t> counts;
  uint64_t count = 0;
  double sum = 0;
};

struct LogMetrics {
  // Append calls answered OK, by durability, and the events they wrote.
  uint64_t appends_durable = 0;
  uint64_t appends_buffered = 0;
  uint64_t events_durable = 0;
  uint64_t events_buffered = 0;
  // Append calls answered with an error (conflicts, I/O errors...).
  uint64_t append_errors = 0;
  // Commit groups written, and events per group.
  uint64_t groups = 0;
  HistogramSnapshot group_events;
  // Seconds from queuing an append to its answer.
  HistogramSnapshot append_seconds;
  // Seconds the writer spent committing one group (checks, hashing, the
  // write and, for durable groups, the fsync), durable groups only.
  HistogramSnapshot durable_commit_seconds;
  // CPU time the writer thread has used since the log opened: the checks,
  // hashing, batch building and the read models' staging of every group,
  // the write's own CPU, not the time it waits for the disk. Divided by
  // the events written, it is the commit path's cost without disk noise.
  double writer_cpu_seconds = 0;
  // False after a group's write failed (disk full, I/O error) until a
  // later group is written.
  bool accepting_writes = true;
  // Why a new write would be refused right now, "" when it would be taken:
  // the node is fenced, a standby, or cannot confirm its partition's lease
  // (gridledger/replica.h).
  std::string write_refusal;
  // RocksDB's own figures.
  uint64_t memtable_bytes = 0;
  uint64_t block_cache_bytes = 0;
  uint64_t pending_compaction_bytes = 0;
  bool write_stopped = false;  // RocksDB stalls writes (too many L0 files, ...)
  uint64_t delayed_write_rate = 0;
};

struct EngineMetrics {
  // Wrong query codes and the lockouts they caused.
  uint64_t wrong_codes = 0;
  uint64_t lockouts = 0;
  // Warnings and overdue flags the deadline scans emitted.
  uint64_t deadline_warnings = 0;
  uint64_t overdue_flags = 0;
  // Read models: open cases, and those past their deadline.
  uint64_t open_cases = 0;
  uint64_t overdue_open_cases = 0;
  // Seconds the read models took to take in one commit group (in-process
  // only: a remote engine's Metrics leaves it empty).
  HistogramSnapshot apply_seconds;
  // The stored read models: the log position they reflect (the committed
  // position once every commit group is written: they are written in the
  // group's own batch) and their generation on disk (0: held in memory, a
  // read-only open's recomputation).
  uint64_t read_models_position = 0;
  uint32_t read_models_generation = 0;
  // A background build of a new generation (EngineOptions::
  // read_models_build) is running: read_models_position is how far it
  // has come, of read_models_build_target events.
  bool read_models_building = false;
  uint64_t read_models_build_target = 0;
};

}  // namespace gridledger
