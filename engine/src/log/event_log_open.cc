// Opening the log, recovering the tail of the hash chain, maintenance.

#include <pthread.h>
#include <time.h>

#include <cstring>
#include <optional>

#include "common/thread_name.h"
#include "log/event_log_impl.h"
#include "storage/keys.h"

namespace gridledger {

Result<std::unique_ptr<EventLog>> EventLog::Open(const std::string& dir,
                                                 const LogOptions& options) {
  auto log = EventLogImpl::OpenImpl(dir, options, {});
  if (!log.ok()) return log.error();
  return std::unique_ptr<EventLog>(std::move(log).value());
}

Result<std::unique_ptr<EventLogImpl>> EventLogImpl::OpenImpl(
    const std::string& dir, const LogOptions& options, std::vector<std::string> extra_families,
    rocksdb::Env* env) {
  if (options.max_group_events == 0)
    return Status::InvalidArgument("LogOptions.max_group_events must be > 0");
  GL_RETURN_IF_ERROR(options.storage.Validate());
  StoreOptions store_options;
  store_options.tuning = options.storage;
  store_options.create_if_missing = options.create_if_missing && !options.read_only;
  store_options.read_only = options.read_only;
  store_options.flush_on_close = options.flush_on_close;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.extra_families = std::move(extra_families);
  store_options.env = env;
  // Read-only, a writer may be running: its mark rises after each group is
  // in the WAL, so the mark read before the store was opened names no event
  // the opened store lacks, while one read after it might. (Best effort: a
  // mark that cannot be read now is read again, with its error, below.)
  std::optional<uint64_t> mark_before_open;
  if (options.read_only && !env) {
    auto mark = HighWaterMark::Open(dir, /*read_only=*/true);
    if (mark.ok())
      if (auto loaded = (*mark)->Load(); loaded.ok()) mark_before_open = *loaded;
  }
  auto store = RocksStore::Open(dir, store_options);
  if (!store.ok()) return store.error();
  auto log = std::make_unique<EventLogImpl>(std::move(store).value(), options);
  log->options_env_ = env != nullptr;
  log->mark_before_open_ = mark_before_open;
  GL_RETURN_IF_ERROR(log->Recover());
  return log;
}

EventLog::~EventLog() = default;

EventLogImpl::EventLogImpl(std::unique_ptr<RocksStore> store, const LogOptions& options)
    : store_(std::move(store)),
      options_(options),
      clock_(options.clock ? options.clock : Clock::System()) {}

EventLogImpl::~EventLogImpl() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  { std::lock_guard lock(commit_mu_); }
  commit_cv_.notify_all();
}

Status EventLogImpl::Recover() {
  // The last event in the log is the truth; the "tail" record is written in
  // the same batch and must agree with it.
  auto it = store_->NewCursor(Family::kLog, {});
  it->SeekToLast();
  GL_RETURN_IF_ERROR(it->status("finding the end of the log"));
  if (it->Valid()) {
    if (it->key().size() != 8)
      return Status::Corruption("the log holds a key that is not a position");
    Position last{keys::ReadBE64(it->key())};
    auto event = codec::Decode(it->value());
    if (!event.ok())
      return Status::Corruption("last event, at position " + std::to_string(last.value) +
                                ", cannot be decoded: " + event.error().message());
    tail_position_ = last.value;
    tail_hash_ = event->hash;
  }
  std::string tail;
  GL_ASSIGN_OR_RETURN(bool has_tail, store_->Get(Family::kMeta, keys::kTailKey, &tail,
                                                 "reading the log's tail record"));
  if (has_tail && tail.size() == 40) {
    uint64_t recorded_tail = keys::ReadBE64(tail);
    if (recorded_tail > tail_position_)
      return Status::Corruption("the log ends at position " + std::to_string(tail_position_) +
                                " but events up to " + std::to_string(recorded_tail) +
                                " were committed: events are missing");
  }
  // The durable high-water mark: a WAL that lost its tail (with the tail
  // record in it) still leaves the mark above the log's end.
  auto mark = HighWaterMark::Open(store_->dir(), store_->read_only());
  if (mark.ok()) {
    high_water_ = std::move(mark).value();
    uint64_t acknowledged = 0;
    if (mark_before_open_) {
      acknowledged = *mark_before_open_;
    } else {
      GL_ASSIGN_OR_RETURN(acknowledged, high_water_->Load());
    }
    if (acknowledged > tail_position_)
      return Status::Corruption(
          "the log ends at position " + std::to_string(tail_position_) + " but events up to " +
          std::to_string(acknowledged) + " were acknowledged (" + HighWaterMark::kFileName +
          "): " + std::to_string(acknowledged - tail_position_) +
          " events are missing, the WAL or table files were truncated or lost. Restore the "
          "latest backup (`gridledger restore`); to keep only what is left instead, copy the "
          "directory aside and delete its " +
          HighWaterMark::kFileName + " file (the missing events are then lost for good)");
  } else if (!store_->read_only() && !options_env_) {
    return mark.error();
  }
  // The time index covers the whole log before the writer adds to it
  // (indexed now when the store is from before the index).
  GL_ASSIGN_OR_RETURN(auto indexed, time_index_.Load(*store_, tail_position_));
  (void)indexed;
  GL_ASSIGN_OR_RETURN(uint64_t summarised, summaries_.Load(*store_, tail_position_));
  (void)summarised;
  committed_.store(tail_position_, std::memory_order_release);
  if (store_->read_only()) return Status::Ok();  // no writer: appends fail
  writer_ = std::thread([this] {
    NameThisThread("gl-writer");
    WriterLoop();
  });
  return Status::Ok();
}

LogStats EventLogImpl::Stats() const {
  LogStats stats;
  stats.committed = Committed();
  stats.stream_count = store_->EstimateKeys(Family::kHeads);
  // The whole store: the log's families and those kept beside it (the read
  // models' generations, hosted projections, the person keys).
  stats.disk_bytes = store_->DiskBytes({});
  Status refusal = WriteRefusal();
  if (!refusal.ok()) stats.writes_refused = refusal.message();
  return stats;
}

LogMetrics EventLogImpl::Metrics() const {
  LogMetrics m;
  m.appends_durable = appends_durable_.load(std::memory_order_relaxed);
  m.appends_buffered = appends_buffered_.load(std::memory_order_relaxed);
  m.events_durable = events_durable_.load(std::memory_order_relaxed);
  m.events_buffered = events_buffered_.load(std::memory_order_relaxed);
  m.append_errors = append_errors_.load(std::memory_order_relaxed);
  m.groups = groups_.load(std::memory_order_relaxed);
  m.group_events = group_events_.Snapshot();
  m.append_seconds = append_seconds_.Snapshot();
  m.durable_commit_seconds = durable_commit_seconds_.Snapshot();
  m.accepting_writes = accepting_writes_.load(std::memory_order_relaxed);
  if (Status refused = WriteRefusal(); !refused.ok()) m.write_refusal = refused.message();
  clockid_t writer_clock;
  timespec cpu{};
  if (writer_.joinable() &&
      pthread_getcpuclockid(const_cast<std::thread&>(writer_).native_handle(), &writer_clock) ==
          0 &&
      clock_gettime(writer_clock, &cpu) == 0)
    m.writer_cpu_seconds = static_cast<double>(cpu.tv_sec) + static_cast<double>(cpu.tv_nsec) / 1e9;
  StoreFigures f = store_->Figures();
  m.memtable_bytes = f.memtable_bytes;
  m.block_cache_bytes = f.block_cache_bytes;
  m.pending_compaction_bytes = f.pending_compaction_bytes;
  m.write_stopped = f.write_stopped;
  m.delayed_write_rate = f.delayed_write_rate;
  return m;
}

Status EventLogImpl::Compact() {
  if (store_->read_only()) return Status::Unavailable("the log was opened read-only");
  // Every family, as the contract says: the read models' dropped
  // generations are most of what a compaction reclaims after a rebuild.
  return store_->FlushAndCompact({});
}

Status EventLogImpl::Checkpoint(const std::string& dir) const {
  // A copy of damaged files is no backup: check them first.
  GL_RETURN_IF_ERROR(store_->VerifyFileChecksums());
  return store_->Checkpoint(dir);
}

}  // namespace gridledger
