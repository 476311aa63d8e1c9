// A live standby: a local log that follows its partition's forwarded copy
// (a JetStream stream, docs/scaling.md) as it grows, takes not a single
// write of its own (SetLogStandby, replica.h), and becomes the primary
// when the partition's lease names it.
//
// A StandbySource is the narrow face of the copy (JetStream today:
// MakeJetStreamStandbySource in gridledger/jetstream.h). The Standby owns
// the loop: follow from Committed() + 1 with AppendStoredEvents (the stored
// bytes unchanged, so the log stays byte-identical to the primary's and
// ends in the same tail hash), back off and resume while the source is
// unreachable, watch the lease, and promote:
//  1. the source says this node holds the lease (Claim);
//  2. follow until the old primary can no longer acknowledge or publish a
//     write (LeaseClaim::others_may_write_for has passed since the claim:
//     its write lease, SetWriteLease in replica.h, has lapsed), the log
//     holds the source's last position, and that position has not moved
//     for promote_settle (what the old primary sent just before its lease
//     lapsed lands within the settle time; docs/scaling.md);
//  3. stop following, start the Forwarder (forwarder.h) into the sink, and
//     wait until it confirmed that the destination ends where this log
//     ends (its first Tail, under this node's lease; a wait longer than
//     promote_timeout is reported in the status);
//  4. only then lift the write refusal (LiftLogStandby).
// If the Forwarder gives up instead (another node holds the lease, or the
// destination moved on), the refusal is never lifted: the log stays
// read-only (fenced when the lease went elsewhere).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gridledger/event_log.h"
#include "gridledger/export.h"
#include "gridledger/forwarder.h"
#include "gridledger/status.h"
#include "gridledger/types.h"

namespace gridledger {

// The copy a standby follows. Follow runs on the Standby's follow thread;
// Last and Claim on its watch thread; an implementation keeps one
// connection per thread (or is otherwise thread-safe).
class GRIDLEDGER_EXPORT StandbySource {
 public:
  virtual ~StandbySource() = default;

  // Hands the copy's events from position `from` on to `deliver`, in
  // order, in batches, as they arrive (live: within a fraction of a
  // second), until `stop()` returns true (checked at least every 250 ms;
  // returns OK). Returns the first error `deliver` returns, as it is;
  // kUnavailable when the copy cannot be reached or stops answering;
  // kNotFound when it does not exist (yet); kCorruption when it skips or
  // mislabels a position.
  virtual Status Follow(Position from,
                        const std::function<Status(std::vector<StoredEvent>)>& deliver,
                        const std::function<bool()>& stop) = 0;

  // The copy's last position now (0 when empty). kUnavailable, kNotFound.
  virtual Result<Position> Last() = 0;

  // May this node become the primary now? Ours when the partition's lease
  // names this node, or (when the source was made to take over) when the
  // lease is free and this node just took it with a revision-checked
  // create; not ours while another node holds it. kUnavailable.
  struct LeaseClaim {
    bool ours = false;
    // When ours: how long from now another node may still acknowledge
    // writes under the lease it held before (the longest write lease any
    // holder vouches for, with its margin: JetStream, the bucket's TTL).
    // The Standby takes no write before it has passed.
    std::chrono::milliseconds others_may_write_for{0};
  };
  virtual Result<LeaseClaim> Claim() = 0;

  // What it follows, for logs and status ("jetstream:GL_411302@nats://…").
  virtual std::string Describe() const = 0;
};

struct StandbyOptions {
  // The message every write refused while standing by carries, e.g.
  // "this node is a standby of partition 411302 following stream
  // GL_411302; promote it with gridledger forward promote node-b".
  // Required.
  std::string refusal;
  // How often the watch thread asks the source for its last position and
  // the lease. Default: 250 ms
  std::chrono::milliseconds watch_every{250};
  // Wait after the first failure to follow; doubles up to backoff_max.
  // Default: 100 ms, 5 s
  std::chrono::milliseconds backoff_initial{100};
  std::chrono::milliseconds backoff_max{5000};
  // After the claim, how long the copy's last position must stay unchanged
  // (and held by the log) before forwarding starts: batches the old primary
  // sent under its lease just before the claim land within it and are
  // followed, instead of making the new primary's first Tail find the copy
  // ahead of its log. Default: 1 s
  std::chrono::milliseconds promote_settle{1000};
  // How long, once promoted, the wait for the Forwarder to confirm the
  // destination's tail may last before the Standby reports it
  // (StandbyStatus::last_error, failures); the wait goes on, and writes
  // are taken the moment the destination confirms. Default: 60 s
  std::chrono::milliseconds promote_timeout{60000};
};

struct StandbyStatus {
  Position applied;      // the log's committed position
  Position source_last;  // the copy's last position, as last read
  uint64_t lag() const {
    return source_last.value > applied.value ? source_last.value - applied.value : 0;
  }
  // True while following works: a Follow call is under way and the copy
  // answered the last time it was asked (for its last position, or with
  // events); false from a failure until the next such answer.
  bool connected = false;
  // Set when promotion started (the lease names this node) and when it
  // completed (writes are taken, the Forwarder runs).
  bool promoting = false;
  bool promoted = false;
  // Following or promotion stopped for good (the copy does not continue
  // this log; the Forwarder gave up at promotion): see last_error. The log
  // keeps refusing writes.
  bool failed = false;
  uint64_t events_applied = 0;  // since start
  uint64_t failures = 0;
  std::string last_error;  // "" when none yet
  std::string source;      // StandbySource::Describe()
  // The Forwarder's, once promoted.
  std::optional<ForwarderStatus> forwarding;
};

class GRIDLEDGER_EXPORT Standby {
 public:
  // Puts `log` in standby mode (options.refusal) and starts following
  // `source` into it; promotes as described above, forwarding into the sink
  // `make_sink` returns. `log` must outlive the Standby. kInvalidArgument
  // without a refusal or a sink maker; kUnavailable when `log` is not a
  // local store.
  static Result<std::unique_ptr<Standby>> Start(
      EventLog& log, std::unique_ptr<StandbySource> source,
      std::function<std::unique_ptr<ForwardSink>()> make_sink, StandbyOptions options = {},
      ForwarderOptions forwarding = {});

  virtual ~Standby() = default;  // stops and joins (the Forwarder too)

  // Stops following (and forwarding, once promoted); joins. Idempotent.
  virtual void Stop() = 0;

  // Thread-safe snapshot.
  virtual StandbyStatus status() const = 0;

  // Blocks until promoted, failed, or `timeout`. True when promoted.
  virtual bool WaitPromoted(std::chrono::milliseconds timeout) const = 0;

 protected:
  Standby() = default;
};

}  // namespace gridledger
