// EventLog: GridLedger's durable, gap-free, append-only event store.
//
// Streams (one per case, grid, mediation...) hold events at versions 1, 2,
// 3...; every event also has a position 1, 2, 3... in one global log. The
// log lives in a RocksDB directory; events are Cap'n Proto messages
// (schemas/events.capnp). Neither library appears in this header.
//
// Thread safety: every method may be called from any number of threads at
// once. Appends are funnelled to one writer thread that commits them in
// groups (one RocksDB write and, for durable appends, one fsync per group);
// reads run on the caller's thread and never block appends.
//
// Ordering: positions are assigned in commit order by the single writer and
// become visible to readers only up to the "committed" watermark, which is
// raised after the group's write returned. No reader ever sees position
// N+1 before N.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "gridledger/event.h"
#include "gridledger/event_filter.h"
#include "gridledger/event_view.h"
#include "gridledger/export.h"
#include "gridledger/metrics.h"
#include "gridledger/status.h"
#include "gridledger/storage_tuning.h"
#include "gridledger/subscription.h"
#include "gridledger/types.h"

namespace gridledger {

struct LogOptions {
  // Create the directory and an empty log if none exists.
  // Default: true
  bool create_if_missing = true;
  // Most appends the writer thread commits in one group.
  // Default: 4096
  size_t max_group_events = 4096;
  // RocksDB block cache for reads, in bytes.
  // Default: 64 MiB
  size_t block_cache_bytes = 64u << 20;
  // On a clean close, write every memtable to table files so that the next
  // open replays no WAL (opening then takes milliseconds, not seconds).
  // false leaves the WAL as a crash would (tests of WAL damage use it).
  // Default: true
  bool flush_on_close = true;
  // Time source for recorded_at. Not owned; must outlive the log.
  // Default: the system clock
  const Clock* clock = nullptr;
  // Open for reading only: nothing in the directory is created or changed
  // (no lock, no RocksDB info log, no marker), so it works beside a running
  // writer and on a read-only file system. Appends, SaveCheckpoint and
  // Compact fail with kUnavailable. Implies create_if_missing = false.
  // Default: false
  bool read_only = false;
  // The store's write buffers, background threads, compression and their
  // priority (gridledger/storage_tuning.h).
  // Default: StorageTuning{}
  StorageTuning storage;
};

enum class Durability : uint8_t {
  // The group's WAL write is fsynced before Append returns: the events
  // survive a power loss. Concurrent durable appends share one fsync.
  kDurable,
  // Written to the WAL in the OS's page cache before Append returns: the
  // events survive a crash of this process, not of the machine.
  kBuffered,
};

// The stream state an append requires; a mismatch fails with kConflict.
struct ExpectedVersion {
  enum class Kind : uint8_t { kAny, kNoStream, kExact };
  Kind kind = Kind::kAny;
  StreamVersion version;

  static ExpectedVersion Any() { return {}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, {}}; }
  static ExpectedVersion Exactly(StreamVersion v) { return {Kind::kExact, v}; }
  static ExpectedVersion Exactly(uint64_t v) { return {Kind::kExact, {v}}; }
};

struct AppendOptions {
  // Default: Durability::kDurable
  Durability durability = Durability::kDurable;
};

struct AppendResult {
  Position first_position;      // of the first event of this call
  Position last_position;       // of the last event of this call
  StreamVersion next_expected;  // the stream's version after this append
  // True when every event id was already stored: nothing was written and
  // the positions are those of the original append.
  bool deduplicated = false;
};

// One stream's share of an EventLog::AppendMulti.
struct StreamAppend {
  StreamId stream;
  ExpectedVersion expected;
  std::vector<NewEvent> events;
};

// What a filtered read found (EventLog::ReadFiltered).
struct FilteredRead {
  // The matching events, in position order.
  std::vector<RecordedEvent> events;
  // Every event up to this position was looked at: continue from the next
  // one. Equal to the last event's position when the read stopped at
  // `limit`; up to the watermark (or the scan bound) otherwise.
  Position examined_to;
};

enum class ReadDirection : uint8_t { kForward, kBackward };

struct StreamHead {
  StreamVersion version;   // last version; 0 when the stream is empty
  Position last_position;  // position of that event
};

struct LogStats {
  Position committed;         // the watermark: every position <= it is readable
  uint64_t stream_count = 0;  // estimate
  uint64_t disk_bytes = 0;    // live SST + WAL bytes of the whole store, estimate
  // Why this log takes no write of its own now: standby mode's reason
  // (SetLogStandby, replica.h) or the fence's (FenceLog); "" when it takes
  // writes.
  std::string writes_refused;
};

// What Verify found. ok() when the whole chain checks out.
struct VerifyReport {
  uint64_t events_checked = 0;
  Position last_position;
  // Empty when ok(); else names the first bad position and what is wrong.
  std::optional<Position> first_bad_position;
  std::string problem;
  bool ok() const { return !first_bad_position.has_value() && problem.empty(); }
};

// One event as stored (see EventLog::ReadAllStored).
struct StoredEvent {
  Position position;
  std::string bytes;
};

// ReadFiltered's answer as stored bytes (EventLog::ReadStoredFiltered).
struct FilteredStoredRead {
  std::vector<StoredEvent> events;
  Position examined_to;
};

// Decodes one stored event (StoredEvent::bytes, or a forwarded message's
// body). Never throws: damaged bytes give kCorruption. The hash is the one
// stored; chaining is checked by the receiver against its predecessor.
GRIDLEDGER_EXPORT Result<RecordedEvent> DecodeStoredEvent(std::string_view bytes);

class GRIDLEDGER_EXPORT EventLog {
 public:
  // Opens (or creates) the log in `dir`. Fails with kUnavailable when another
  // process has the directory open, kCorruption when the stored metadata is
  // damaged or the log ends below its durable high-water mark (acknowledged
  // events are missing, e.g. a truncated WAL), kInvalidArgument when `dir`
  // is not a GridLedger store (nothing in it is changed), kIOError for file
  // system errors. The returned log owns its
  // writer thread; destroying it drains pending appends and closes.
  static Result<std::unique_ptr<EventLog>> Open(const std::string& dir,
                                                const LogOptions& options = {});

  virtual ~EventLog();
  // One log per open directory: not copyable.
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Appends `events` to `stream` atomically: all land, consecutively in
  // both the stream and the global log, or none do.
  //  * kConflict when the stream is not at `expected` (nothing written).
  //  * kInvalidArgument for an empty list, a bad stream id (1..256 bytes of
  //    valid UTF-8 without NUL), an actor or grid code that is not valid
  //    UTF-8, an event over 1 MiB (1048576 bytes) encoded, or two events
  //    with one id in the call.
  //  * Idempotency: when every event's id is already stored in `stream` at
  //    consecutive versions with equal content, returns the original
  //    positions with deduplicated = true and writes nothing. An id stored
  //    with different content (or only some ids stored) is kConflict.
  //  * kIOError (e.g. disk full): nothing of this call is visible, the log
  //    stays open for later appends if the disk recovers.
  // When it returns OK the events are readable and durable per `options`.
  // Blocks until its group is committed.
  virtual Result<AppendResult> Append(const StreamId& stream, ExpectedVersion expected,
                                      std::vector<NewEvent> events,
                                      const AppendOptions& options = {}) = 0;

  // Called once with the outcome of an AppendAsync.
  using AppendCallback = std::function<void(Result<AppendResult>)>;

  // Append without blocking the caller: the same rules and outcomes as
  // Append, delivered to `done` instead of returned. For callers with many
  // appends in flight (ingest gateways, sensor feeds) that should not need
  // a thread per pending append.
  //  * `done` is called exactly once. Invalid arguments (as for Append) and
  //    a closing log are reported on the calling thread before AppendAsync
  //    returns; every other outcome on the log's writer thread, after the
  //    group is committed (so on OK the events are readable and durable per
  //    `options` when `done` runs). Destroying the log first delivers every
  //    queued append.
  //  * `done` runs on the writer thread: it must be quick, must not throw
  //    (an exception is caught and dropped), and must not call Append (it
  //    would wait for the thread it is running on); AppendAsync is fine.
  //  * Appends queued by one thread commit in the order they were queued.
  virtual void AppendAsync(StreamId stream, ExpectedVersion expected, std::vector<NewEvent> events,
                           AppendCallback done, const AppendOptions& options = {}) = 0;

  // Appends to several streams atomically: every part lands, in one commit
  // group, at consecutive positions (the parts in the order given, each
  // part's events consecutive), or none does. Each part is checked as
  // Append checks it, against its own expected version; the results are
  // the parts', in the order given.
  //  * kConflict, naming the stream ("stream case-7: ..."), when a part's
  //    stream is not at its expected version or a part's ids are stored
  //    with other content; nothing of any part is written.
  //  * kInvalidArgument for no parts, a stream named twice, more than
  //    100000 events in all, or any part that Append would refuse (the
  //    message names the stream).
  //  * Idempotency: when every part is a replay of stored events (as for
  //    Append: all ids stored, in that stream, as one append), returns the
  //    original results, each with deduplicated = true, and writes nothing.
  //    Some parts stored and others not is kConflict naming the first part
  //    that is not stored. Give every event an id to make retries safe.
  // Blocks until its group is committed; durable per `options`.
  virtual Result<std::vector<AppendResult>> AppendMulti(std::vector<StreamAppend> parts,
                                                        const AppendOptions& options = {}) = 0;

  // Events of `stream` starting at version `from` (inclusive), in
  // `direction`, at most `limit`. Reading backwards from
  // StreamVersion{UINT64_MAX} starts at the last event. An unknown stream
  // yields an empty list. kCorruption names the first undecodable position.
  virtual Result<std::vector<RecordedEvent>> ReadStream(const StreamId& stream, StreamVersion from,
                                                        ReadDirection direction,
                                                        size_t limit) const = 0;

  // Global log from position `from` (inclusive) up to the committed
  // watermark, at most `limit` events, in position order.
  virtual Result<std::vector<RecordedEvent>> ReadAll(Position from, size_t limit) const = 0;

  // The stored bytes of the events from position `from` (inclusive) up to
  // the committed watermark, at most `limit`, in position order: each an
  // unpacked Cap'n Proto `Envelope` of schemas/events.capnp with its chain
  // hash, exactly as written. For forwarding and replication, where the
  // receiver decodes and verifies the chain itself. kCorruption for a gap.
  virtual Result<std::vector<StoredEvent>> ReadAllStored(Position from, size_t limit) const = 0;

  // Calls `visit` for each event from `from` up to the watermark without
  // building a list (fast path for projections and verification). Stops
  // early, returning that status, when `visit` returns an error.
  virtual Status ScanAll(Position from, Position to_inclusive,
                         const std::function<Status(const RecordedEvent&)>& visit) const = 0;

  // ScanAll without decoding: `visit` gets each event's envelope read in
  // place (gridledger/event_view.h), the payload decoded only when the
  // visitor asks for it with EventView::Decode(). The views are valid
  // during the call only. `to_inclusive` 0 means the watermark. For
  // verification, forwarding, indexing and anything that looks at most
  // events' envelopes only. kCorruption for a gap or a value that is not
  // an envelope; stops early with the visitor's error. The default reads
  // ReadAllStored in batches (what a remote log does).
  virtual Status ScanViews(Position from, Position to_inclusive,
                           const std::function<Status(const EventView&)>& visit) const;

  // The events from position `from` (inclusive) that match `filter`, at
  // most `limit` of them, looking at no more than `max_examined` events
  // (0: up to the watermark). Non-matching events are not read: the filter
  // is evaluated on each event's stored summary (type, stream, grid; a
  // damaged payload of a skipped event is Verify's to find). kInvalidArgument for a filter
  // that does not validate; kCorruption for a gap or an undecodable match.
  virtual Result<FilteredRead> ReadFiltered(Position from, size_t limit, const EventFilter& filter,
                                            size_t max_examined = 0) const;

  // ReadFiltered giving the stored bytes (as ReadAllStored), for
  // forwarding filtered subscriptions over the network.
  virtual Result<FilteredStoredRead> ReadStoredFiltered(Position from, size_t limit,
                                                        const EventFilter& filter,
                                                        size_t max_examined = 0) const;

  // ScanAll delivering only the events that match `filter` (evaluated as
  // for ReadFiltered). `examined_to`, when given, receives the last
  // position looked at, also when `visit` stopped the scan.
  virtual Status ScanFiltered(Position from, Position to_inclusive, const EventFilter& filter,
                              const std::function<Status(const RecordedEvent&)>& visit,
                              Position* examined_to = nullptr) const;

  // The first position whose event was recorded (recorded_at, the commit
  // time) at or after `at`; Committed() + 1 when none is. Answered from a
  // time index (one row per commit group whose time rose above every
  // earlier one), not a scan: when the clock stepped back, later events may
  // carry times before `at`, but no event recorded at or after `at` lies
  // before the answer. So ReadAll(SeekTime(t), n) is "everything since t".
  virtual Result<Position> SeekTime(Timestamp at) const = 0;

  // The first version of `stream` at or after SeekTime(at); the stream's
  // version + 1 when none is (so ReadStream from it yields nothing).
  virtual Result<StreamVersion> SeekStreamTime(const StreamId& stream, Timestamp at) const = 0;

  // The event with `id`; kNotFound when no such event is stored.
  virtual Result<RecordedEvent> ReadEvent(EventId id) const = 0;

  // The stream's last version and position ({0},{0} when it has no events).
  virtual Result<StreamHead> Head(const StreamId& stream) const = 0;

  // Highest position readers can see. Every lower position is readable.
  virtual Position Committed() const = 0;

  // Blocks until Committed() >= `position`, `timeout` passes or `stop` is
  // requested, whichever comes first; returns the watermark at that moment.
  // Used by subscriptions and the forwarder: their own threads wait here,
  // and stopping them must not wait out the timeout.
  virtual Position WaitForCommitted(Position position, std::chrono::milliseconds timeout,
                                    std::stop_token stop = {}) const = 0;

  // Starts a catch-up subscription (see subscription.h). The subscription
  // must be stopped or destroyed before the log.
  virtual Result<std::unique_ptr<Subscription>> Subscribe(SubscriptionOptions options,
                                                          SubscriptionHandler handler) = 0;

  // A subscription that hands its handler each event's envelope read in
  // place (EventView, valid during the call) instead of a decoded event:
  // for consumers that look at most events' envelopes or want the stored
  // bytes (forwarding, indexing, copying). Same guarantees and options as
  // Subscribe; a filter is evaluated on each view's type, stream and grid
  // (every event is read: the summary index that lets a decoded filtered
  // subscription skip non-matching events unread is not used here).
  virtual Result<std::unique_ptr<Subscription>> SubscribeViews(SubscriptionOptions options,
                                                               SubscriptionViewHandler handler);

  // Reads the whole log and checks positions are contiguous from 1, every
  // event's envelope reads (gridledger/event_view.h) with a payload type
  // this build knows, carries the position it is stored under, and its
  // hash chains over its predecessor's (the hash covers every stored byte,
  // so the payload is exactly what the writer encoded; it is not decoded).
  // The report names the first bad position. Returns an error Status only
  // when the check itself could not run.
  virtual Result<VerifyReport> Verify(
      const std::function<void(Position done, Position total)>& progress = {}) const = 0;

  // Stored checkpoint of a named subscription or projection; Position{0}
  // when none. Save is durable (fsync) when it returns OK.
  virtual Result<Position> LoadCheckpoint(const std::string& name) const = 0;
  virtual Status SaveCheckpoint(const std::string& name, Position p) = 0;

  virtual LogStats Stats() const = 0;

  // Counters and distributions since Open (metrics.h). Cheap; never blocks
  // appends. Default: an empty snapshot (logs that keep none).
  virtual LogMetrics Metrics() const { return {}; }

  // Flushes memtables and compacts every column family of the store: the
  // log's and those kept beside it (read models, hosted projections).
  virtual Status Compact() = 0;

  // Writes a consistent, openable copy of the store to `dir` (which must not
  // exist) using hard links where possible. Safe while appends run in this
  // process. Fails with kCorruption, writing nothing, when a stored table
  // file's checksums do not match.
  virtual Status Checkpoint(const std::string& dir) const = 0;

 protected:
  EventLog() = default;
};

}  // namespace gridledger
