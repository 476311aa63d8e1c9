// EventLogImpl: the RocksDB-backed EventLog. Split by concern:
//   event_log_open.cc   opening, recovery of the tail, stats, compaction
//   event_log_write.cc  Append and the group-commit writer thread
//   event_log_read.cc   stream / global / id reads, checkpoints
//   event_log_verify.cc the hash-chain verification
//   subscription_impl.cc catch-up subscriptions
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "codec/event_codec.h"
#include "common/completion_signal.h"
#include "common/histogram.h"
#include "gridledger/event_log.h"
#include "log/summary_index.h"
#include "log/time_index.h"
#include "storage/high_water.h"
#include "storage/rocks_store.h"

namespace gridledger {

// Hook run by the writer thread inside each commit group, after the events
// are sealed and before the batch is written, so that an inline projection
// lands in the same atomic write as the events it reflects. Internal.
class CommitObserver {
 public:
  virtual ~CommitObserver() = default;
  // `events` are the group's events in position order, exactly as they will
  // read back (built without decoding); the observer may take them. Adds
  // its own puts to `batch`. An error fails the whole group: nothing of it
  // is written and every append in it gets the error.
  virtual Status OnGroup(std::vector<RecordedEvent>& events, StoreBatch& batch) = 0;
  // Called when the group's write failed: discard state staged by OnGroup.
  virtual void OnGroupFailed() = 0;
  // Called after the group's write succeeded.
  virtual void OnGroupCommitted() = 0;
};

class EventLogImpl final : public EventLog {
 public:
  // Opens the log plus extra (projection / key) column families.
  static Result<std::unique_ptr<EventLogImpl>> OpenImpl(const std::string& dir,
                                                        const LogOptions& options,
                                                        std::vector<std::string> extra_families,
                                                        rocksdb::Env* env = nullptr);

  EventLogImpl(std::unique_ptr<RocksStore> store, const LogOptions& options);
  ~EventLogImpl() override;

  Status Recover();  // loads the tail position and hash; starts the writer

  Result<AppendResult> Append(const StreamId& stream, ExpectedVersion expected,
                              std::vector<NewEvent> events, const AppendOptions& options) override;
  Result<std::vector<AppendResult>> AppendMulti(std::vector<StreamAppend> parts,
                                                const AppendOptions& options) override;
  void AppendAsync(StreamId stream, ExpectedVersion expected, std::vector<NewEvent> events,
                   AppendCallback done, const AppendOptions& options) override;
  Result<std::vector<RecordedEvent>> ReadStream(const StreamId& stream, StreamVersion from,
                                                ReadDirection direction,
                                                size_t limit) const override;
  Result<std::vector<RecordedEvent>> ReadAll(Position from, size_t limit) const override;
  // ReadAll into `out`, decoding into the events it already holds (their
  // strings keep their buffers) and resizing it to what was read: a reader
  // of many chunks (the read models' build) reuses one chunk's memory for
  // the next. On an error `*out` is left unspecified.
  Status ReadAllInto(Position from, size_t limit, std::vector<RecordedEvent>* out) const;
  Result<std::vector<StoredEvent>> ReadAllStored(Position from, size_t limit) const override;
  Status ScanAll(Position from, Position to_inclusive,
                 const std::function<Status(const RecordedEvent&)>& visit) const override;
  Status ScanViews(Position from, Position to_inclusive,
                   const std::function<Status(const EventView&)>& visit) const override;
  Result<FilteredRead> ReadFiltered(Position from, size_t limit, const EventFilter& filter,
                                    size_t max_examined) const override;
  Result<FilteredStoredRead> ReadStoredFiltered(Position from, size_t limit,
                                                const EventFilter& filter,
                                                size_t max_examined) const override;
  Status ScanFiltered(Position from, Position to_inclusive, const EventFilter& filter,
                      const std::function<Status(const RecordedEvent&)>& visit,
                      Position* examined_to) const override;
  Result<Position> SeekTime(Timestamp at) const override;
  Result<StreamVersion> SeekStreamTime(const StreamId& stream, Timestamp at) const override;
  Result<RecordedEvent> ReadEvent(EventId id) const override;
  Result<StreamHead> Head(const StreamId& stream) const override;
  Position Committed() const override {
    return Position{committed_.load(std::memory_order_acquire)};
  }
  Position WaitForCommitted(Position position, std::chrono::milliseconds timeout,
                            std::stop_token stop = {}) const override;
  Result<std::unique_ptr<Subscription>> Subscribe(SubscriptionOptions options,
                                                  SubscriptionHandler handler) override;
  Result<VerifyReport> Verify(
      const std::function<void(Position, Position)>& progress) const override;
  Result<Position> LoadCheckpoint(const std::string& name) const override;
  Status SaveCheckpoint(const std::string& name, Position p) override;
  LogStats Stats() const override;
  LogMetrics Metrics() const override;
  Status Compact() override;
  Status Checkpoint(const std::string& dir) const override;

  // Internal API for the engine facade and projections.
  RocksStore& store() const { return *store_; }
  // Installs the hook; REQUIRES: before any Append, at most one observer.
  void SetCommitObserver(CommitObserver* observer) { observer_ = observer; }

  // The public multi-stream append under its older internal name (used by
  // Engine::Import); see EventLog::AppendMulti.
  using StreamAppend = gridledger::StreamAppend;
  Result<std::vector<AppendResult>> AppendAll(std::vector<StreamAppend> parts,
                                              const AppendOptions& options) {
    return AppendMulti(std::move(parts), options);
  }

  // Every later append fails with kPermissionDenied (gridledger/replica.h).
  void Fence(const std::string& reason);
  // The fence's error; OK while not fenced.
  Status FenceStatus() const;
  // Standby mode (SetLogStandby): while `reason` is not empty every append
  // but AppendStored fails with kPermissionDenied naming it; "" lifts it.
  void SetStandby(const std::string& reason);
  // Why a new write (Append, AppendAsync, AppendAll) is refused: the fence,
  // else standby mode, else a lapsed write lease; OK when none.
  Status WriteRefusal() const;
  // Lease-bounded writes (SetWriteLease, replica.h): arms the lease and
  // sets the time after which no group is committed.
  void SetWriteLease(std::chrono::steady_clock::time_point valid_until, const std::string& lease);
  // kUnavailable when the write lease is armed and has lapsed by now.
  Status LeaseRefusal() const;

  // Appends events exactly as another log stored them (gridledger/replica.h).
  Status AppendStored(std::vector<StoredEvent> stored, const AppendOptions& options);

 private:
  // Calls `visit` with each stored value from `from` to `to_inclusive`
  // (0: the watermark) in position order, straight from the store's
  // cursor (valid during the call); kCorruption for a gap. `visit` is any
  // callable Status(Position, std::string_view), called inline (the scans
  // of event_log_read.cc, where it is defined, pay no indirection per
  // event for it).
  template <typename Visit>
  Status ScanStored(Position from, Position to_inclusive, Visit&& visit) const;

  // One append waiting for the writer. A blocking Append's lives on the
  // caller's stack and points at the caller's arguments; an AppendAsync's
  // is on the heap, owns its stream and events, and is deleted by the
  // writer after `callback` ran.
  struct PendingAppend {
    const StreamId* stream = nullptr;
    ExpectedVersion expected;
    const std::vector<NewEvent>* events = nullptr;
    std::vector<codec::EncodedEvent> encoded;
    std::vector<EventId> ids;
    bool durable = true;
    Result<AppendResult> result = Status::Internal("not processed");
    CompletionSignal done;  // set by the writer (Complete)
    // AppendAsync only.
    AppendCallback callback;
    StreamId owned_stream;
    std::vector<NewEvent> owned_events;
    std::chrono::steady_clock::time_point queued_at;  // for append_seconds
    // AppendAll only: the other parts, committed with this one or not at
    // all. Their results are set by the writer; only this one completes.
    std::vector<PendingAppend*> linked;
    // AppendStored only: the stored bytes, written unchanged.
    const std::vector<StoredEvent>* stored = nullptr;
  };

  // Validates and encodes `req`'s events (on the caller's thread).
  Status Prepare(PendingAppend& req, const AppendOptions& options);
  // Queues `req` for the writer; kUnavailable when the log is closing.
  // Returns whether the caller should spin briefly before sleeping.
  Result<bool> Enqueue(PendingAppend* req);
  // Hands the writer's outcome to the waiting Append or the async callback.
  static void Complete(PendingAppend* req);
  // Blocks an appender until the writer has answered `req` (spinning
  // briefly first when `spin`, as Enqueue advised).
  static void AwaitAnswer(PendingAppend& req, bool spin);

  void WriterLoop();
  // What one commit group stages before it is written.
  struct GroupBatch {
    explicit GroupBatch(StoreBatch b) : batch(std::move(b)) {}
    StoreBatch batch;
    std::vector<PendingAppend*> writing;  // staged appends (heads of linked ones)
    std::vector<RecordedEvent> observed;  // for the observer, in position order
    uint64_t start_position = 0, position = 0;
    Hash256 start_hash{}, hash{};
    bool sync = false;  // some append in it is durable
  };
  // The latest recorded time of the events staged in this group (writer's).
  std::optional<Timestamp> group_max_time_;
  TimeIndex time_index_;
  SummaryIndex summaries_;
  // CommitGroup's steps, in order.
  void CommitGroup(std::vector<PendingAppend*>& group);
  // The write lease's two checks (SetWriteLease): before a group is staged
  // (false: every append in it refused, nothing written) and after it is
  // durable (its appends answered "outcome unknown" if the lease lapsed).
  bool WithinLease(std::vector<PendingAppend*>& group);
  void AnswerIfLeaseLapsed(GroupBatch& g);
  bool ResumeIfNeeded(std::vector<PendingAppend*>& group);
  GroupBatch StageGroup(std::vector<PendingAppend*>& group);
  void StageTail(GroupBatch& g);
  Status Observe(GroupBatch& g);
  void FailGroup(GroupBatch& g, const Status& error);
  void PublishGroup(GroupBatch& g);
  // Stages `req` (and its linked parts, all or none) into `batch`: checks
  // duplicates and the expected version, assigns versions and positions,
  // seals the events. Sets req.result; returns whether it was staged.
  bool StageAppend(PendingAppend& req, StoreBatch& batch, uint64_t& position, Hash256& hash,
                   Timestamp now, std::vector<RecordedEvent>& observed);
  bool StageOne(PendingAppend& req, StoreBatch& batch, uint64_t& position, Hash256& hash,
                Timestamp now, std::vector<RecordedEvent>& observed);
  // StageOne after CheckDuplicates found no replay: the expected version,
  // versions, positions, sealing.
  bool StageFresh(PendingAppend& req, StoreBatch& batch, uint64_t& position, Hash256& hash,
                  Timestamp now, std::vector<RecordedEvent>& observed);
  // Stages an AppendStored request: all its events or none.
  bool StageStored(PendingAppend& req, StoreBatch& batch, uint64_t& position, Hash256& hash,
                   std::vector<RecordedEvent>& observed);
  // Stream head as the writer sees it (staged group state, cache, store).
  Result<StreamHead> WriterHead(const std::string& stream);
  // Checks whether `req` is a replay of stored events. Sets req.result and
  // returns true when the request is fully decided (dedup or conflict).
  bool CheckDuplicates(PendingAppend& req);
  Result<RecordedEvent> ReadAt(Position p) const;

  std::unique_ptr<RocksStore> store_;
  std::unique_ptr<HighWaterMark> high_water_;  // null: not kept (fault-injection file systems)
  bool options_env_ = false;                   // opened on an injected rocksdb::Env
  // Read-only opens: the high-water mark as read before the store was opened.
  std::optional<uint64_t> mark_before_open_;
  LogOptions options_;
  const Clock* clock_;

  // Writer queue.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<PendingAppend*> queue_;
  std::atomic<size_t> queued_{0};             // queue_.size(), readable without the lock
  std::atomic<bool> writer_sleeping_{false};  // the writer waits on queue_cv_
  bool stopping_ = false;
  std::thread writer_;

  // Writer-thread state (only the writer touches these after Recover()).
  uint64_t tail_position_ = 0;
  Hash256 tail_hash_{};
  std::unordered_map<std::string, StreamHead> head_cache_;
  std::unordered_map<std::string, StreamHead> staged_heads_;
  struct StagedId {
    Position position;
    const StreamId* stream;
    const NewEvent* event;
  };
  std::unordered_map<EventId, StagedId> staged_ids_;
  CommitObserver* observer_ = nullptr;
  bool needs_resume_ = false;  // the last group's write failed

  // Metrics (metrics.h), written by the writer thread.
  std::atomic<uint64_t> appends_durable_{0}, appends_buffered_{0};
  std::atomic<uint64_t> events_durable_{0}, events_buffered_{0};
  std::atomic<uint64_t> append_errors_{0}, groups_{0};
  std::atomic<bool> accepting_writes_{true};
  AtomicHistogram<kGroupBounds.size()> group_events_{kGroupBounds};
  AtomicHistogram<kLatencyBounds.size()> append_seconds_{kLatencyBounds};
  AtomicHistogram<kLatencyBounds.size()> durable_commit_seconds_{kLatencyBounds};
  // Counts one answered append (writer thread, before Complete).
  void CountAnswer(const PendingAppend& req);

  // Fencing (FenceLog): set once, never cleared while open.
  std::atomic<bool> fenced_{false};
  mutable std::mutex fence_mu_;
  std::string fence_reason_;
  // Standby mode (SetLogStandby): liftable, guarded by fence_mu_.
  std::atomic<bool> standby_{false};
  std::string standby_reason_;
  // The write lease (SetWriteLease): armed once set; the limit in
  // steady_clock ticks; the lease's name guarded by fence_mu_.
  std::atomic<bool> lease_armed_{false};
  std::atomic<std::chrono::steady_clock::rep> lease_until_{0};
  std::string lease_name_;

  // Watermark.
  std::atomic<uint64_t> committed_{0};
  mutable std::mutex commit_mu_;
  mutable std::condition_variable commit_cv_;
};

}  // namespace gridledger
