// Opening the log, recovering the tail of the hash chain, maintenance.

#include <rocksdb/utilities/checkpoint.h>

#include <cstring>

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
  StoreOptions store_options;
  store_options.create_if_missing = options.create_if_missing && !options.read_only;
  store_options.read_only = options.read_only;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.extra_families = std::move(extra_families);
  store_options.env = env;
  auto store = RocksStore::Open(dir, store_options);
  if (!store.ok()) return store.error();
  auto log = std::make_unique<EventLogImpl>(std::move(store).value(), options);
  log->options_env_ = env != nullptr;
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
  std::unique_ptr<rocksdb::Iterator> it(
      store_->db()->NewIterator(rocksdb::ReadOptions(), store_->cf(Family::kLog)));
  it->SeekToLast();
  GL_RETURN_IF_ERROR(FromRocks(it->status(), "finding the end of the log"));
  if (it->Valid()) {
    if (it->key().size() != 8)
      return Status::Corruption("the log holds a key that is not a position");
    Position last{keys::ReadBE64(it->key().ToStringView())};
    auto event = codec::Decode(it->value().ToStringView());
    if (!event.ok())
      return Status::Corruption("last event, at position " + std::to_string(last.value) +
                                ", cannot be decoded: " + event.error().message());
    tail_position_ = last.value;
    tail_hash_ = event->hash;
  }
  std::string tail;
  auto s =
      store_->db()->Get(rocksdb::ReadOptions(), store_->cf(Family::kMeta), keys::kTailKey, &tail);
  if (s.ok() && tail.size() == 40) {
    uint64_t recorded_tail = keys::ReadBE64(tail);
    if (recorded_tail > tail_position_)
      return Status::Corruption("the log ends at position " + std::to_string(tail_position_) +
                                " but events up to " + std::to_string(recorded_tail) +
                                " were committed: events are missing");
  } else if (!s.IsNotFound()) {
    GL_RETURN_IF_ERROR(FromRocks(s, "reading the log's tail record"));
  }
  // The durable high-water mark: a WAL that lost its tail (with the tail
  // record in it) still leaves the mark above the log's end.
  auto mark = HighWaterMark::Open(store_->dir(), store_->read_only());
  if (mark.ok()) {
    high_water_ = std::move(mark).value();
    GL_ASSIGN_OR_RETURN(uint64_t acknowledged, high_water_->Load());
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
  committed_.store(tail_position_, std::memory_order_release);
  if (store_->read_only()) return Status::Ok();  // no writer: appends fail
  writer_ = std::thread([this] { WriterLoop(); });
  return Status::Ok();
}

LogStats EventLogImpl::Stats() const {
  LogStats stats;
  stats.committed = Committed();
  uint64_t v = 0;
  if (store_->db()->GetIntProperty(store_->cf(Family::kHeads), "rocksdb.estimate-num-keys", &v))
    stats.stream_count = v;
  uint64_t sst = 0, wal = 0;
  for (int f = 0; f < static_cast<int>(Family::kCount); ++f) {
    uint64_t bytes = 0;
    if (store_->db()->GetIntProperty(store_->cf(static_cast<Family>(f)),
                                     "rocksdb.live-sst-files-size", &bytes))
      sst += bytes;
  }
  store_->db()->GetIntProperty("rocksdb.total-wal-size", &wal);  // may be absent
  stats.disk_bytes = sst + wal;
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
  uint64_t v = 0;
  if (store_->db()->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &v))
    m.memtable_bytes = v;
  if (store_->db()->GetIntProperty("rocksdb.block-cache-usage", &v)) m.block_cache_bytes = v;
  if (store_->db()->GetAggregatedIntProperty("rocksdb.estimate-pending-compaction-bytes", &v))
    m.pending_compaction_bytes = v;
  if (store_->db()->GetIntProperty("rocksdb.is-write-stopped", &v)) m.write_stopped = v != 0;
  if (store_->db()->GetIntProperty("rocksdb.actual-delayed-write-rate", &v))
    m.delayed_write_rate = v;
  return m;
}

Status EventLogImpl::Compact() {
  if (store_->read_only()) return Status::Unavailable("the log was opened read-only");
  for (int f = 0; f < static_cast<int>(Family::kCount); ++f) {
    auto* cf = store_->cf(static_cast<Family>(f));
    GL_RETURN_IF_ERROR(FromRocks(store_->db()->Flush(rocksdb::FlushOptions(), cf), "flushing"));
    rocksdb::CompactRangeOptions o;
    o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    GL_RETURN_IF_ERROR(
        FromRocks(store_->db()->CompactRange(o, cf, nullptr, nullptr), "compacting"));
  }
  return Status::Ok();
}

Status EventLogImpl::Checkpoint(const std::string& dir) const {
  // A copy of damaged files is no backup: check them first.
  GL_RETURN_IF_ERROR(store_->VerifyFileChecksums());
  rocksdb::Checkpoint* raw = nullptr;
  GL_RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(store_->db(), &raw), "checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  return FromRocks(cp->CreateCheckpoint(dir), "writing checkpoint to " + dir);
}

}  // namespace gridledger
