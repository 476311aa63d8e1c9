// Forwarding: every committed event, in position order, copied exactly once
// into an external log (NATS JetStream today; a Kafka sink could sit beside
// it), so that city platforms, standbys and data hubs consume partitions
// without touching the writer.
//
// A ForwardSink is the narrow face of one destination: it says which
// position it already holds (learned from the destination itself, never
// from a local checkpoint) and appends events that follow on from there.
// The Forwarder follows an EventLog on its own thread (ReadAllStored up to
// the committed watermark, never the writer's locks), so forwarding can
// neither slow nor block appends: while the destination is unreachable the
// local log keeps taking writes and the Forwarder backs off, then resumes
// from the destination's own tail.
//
// Exactly once and gap-free: a sink must refuse an event whose position
// does not directly follow the last one it holds (JetStream: the
// expected-last-sequence check, so the stream's sequence number is the
// event's position). Whatever crashes, a position can then be stored once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gridledger/event_log.h"
#include "gridledger/export.h"
#include "gridledger/status.h"
#include "gridledger/types.h"

namespace gridledger {

// One event handed to a sink. The views live until Publish returns.
struct ForwardEvent {
  Position position;
  EventId id;
  std::string_view stream;     // the event's stream id
  std::string_view type;       // EventTypeName of its payload
  std::string_view grid_code;  // may be empty
  std::string_view bytes;      // the stored bytes (ReadAllStored), hash included
};

// What a destination holds: its last position and that event's id
// (position 0 and a zero id when it is empty).
struct SinkTail {
  Position position;
  EventId last_id;
};

// The partition's lease as a sink holds it (fencing, docs/scaling.md).
struct SinkLease {
  // What it is, for errors: "partition 411302's lease in GL_LEASES".
  std::string name;
  // Until when (steady clock) no other node can hold it: the send time of
  // the holder's last confirmed renewal plus the share of the lease's TTL
  // the sink trusts. The clock's epoch while it was never confirmed.
  std::chrono::steady_clock::time_point valid_until;
};

// One destination. Called from the Forwarder's thread only; need not be
// thread-safe.
class GRIDLEDGER_EXPORT ForwardSink {
 public:
  virtual ~ForwardSink() = default;

  // Connects when needed and reads the destination's tail from the
  // destination. kUnavailable while it cannot be reached; kCorruption when
  // the destination is not a gap-free copy (positions missing, deleted).
  virtual Result<SinkTail> Tail() = 0;

  // Sends `events` (consecutive positions, the first following on the last
  // event sent since the last Tail) without waiting for the destination to
  // store them, so that the Forwarder keeps several batches in flight
  // (ForwarderOptions::in_flight_events) and the destination's replication
  // round trip overlaps the reading and sending of the next batch. The
  // destination itself must refuse any event whose position does not
  // follow on what it holds: an event lost in flight makes every later one
  // refused, never stored out of order. An error means nothing more can go
  // on this connection: the Forwarder disconnects and reads Tail() again.
  virtual Status Send(std::span<const ForwardEvent> events) = 0;

  // The last position the destination has durably stored (per its
  // replication) of those sent since the last Tail: every position up to
  // it is stored, in order. Waits up to `wait` for it to pass `beyond`,
  // returning at once when it already has or when nothing sent is still
  // unconfirmed. An error when an event sent was refused, or when events
  // have been in flight without any confirmation for the sink's own
  // timeout; the Forwarder then disconnects and reads Tail() again.
  virtual Result<Position> Confirmed(Position beyond, std::chrono::milliseconds wait) = 0;

  // Tail and Send: kPermissionDenied when another node holds the partition's lease
  // (fencing): the Forwarder then fences the log (FenceLog, replica.h: no
  // more appends) and stops for good. A sink holding the lease sends
  // nothing once it is past SinkLease::valid_until without a renewal.

  // Called on every round of the Forwarder's loop while connected, busy or
  // idle (at least every 100 ms). A sink holding the partition's lease
  // renews it here when due, so that the primary keeps its lease (and its
  // write lease, below) and a standby does not take over a live primary.
  // kPermissionDenied as above; any other error makes the Forwarder
  // reconnect. Default: OK, nothing done.
  virtual Status KeepAlive() { return Status::Ok(); }

  // The lease this sink holds, or std::nullopt when it holds none. When it
  // holds one, the Forwarder bounds the log's writes by it (SetWriteLease,
  // replica.h): from the Forwarder's start the log takes writes only while
  // `valid_until` has not passed, so a node that cannot confirm its lease
  // stops acknowledging writes before another node can take the lease.
  virtual std::optional<SinkLease> Lease() const { return std::nullopt; }

  // Drops the connection (the next Tail reconnects). Called after errors.
  virtual void Disconnect() = 0;

  // Where it forwards to, for logs and status ("jetstream:GL_411302").
  virtual std::string Describe() const = 0;
};

struct ForwarderOptions {
  // Most events read and sent per batch.
  // Default: 512
  size_t batch_events = 512;
  // Most events sent and not yet confirmed by the destination. With more
  // than one batch in flight, a replicated destination's round trip no
  // longer sits between one batch and the next (docs/scaling.md, figures).
  // Default: 4096 (eight batches)
  size_t in_flight_events = 4096;
  // Wait after the first failure; doubles per failure up to backoff_max.
  // Default: 100 ms, 5 s
  std::chrono::milliseconds backoff_initial{100};
  std::chrono::milliseconds backoff_max{5000};
};

// What the Forwarder has done so far.
struct ForwarderStatus {
  Position committed;  // the log's watermark when the status was taken
  Position forwarded;  // the last position the destination confirmed
  uint64_t lag() const {
    return committed.value > forwarded.value ? committed.value - forwarded.value : 0;
  }
  // True from a successful Tail until the next failure.
  bool connected = false;
  // The Forwarder gave up (the destination holds a different or a longer
  // log than this one, or another node holds the lease and the log is now
  // fenced): nothing more is forwarded; see `last_error`.
  bool failed = false;
  uint64_t events_published = 0;
  uint64_t failures = 0;    // Tail or Publish errors
  std::string last_error;   // of the last failure; "" when none yet
  std::string destination;  // ForwardSink::Describe()
};

class GRIDLEDGER_EXPORT Forwarder {
 public:
  // Starts following `log` into `sink` on a new thread. `log` must outlive
  // the Forwarder. Never fails: an unreachable destination is retried.
  static std::unique_ptr<Forwarder> Start(EventLog& log, std::unique_ptr<ForwardSink> sink,
                                          ForwarderOptions options = {});

  virtual ~Forwarder() = default;  // stops and joins

  // Stops after the round in flight; joins the thread. Idempotent. A log
  // whose writes the lease bounded stays bounded by the last confirmation
  // (it lapses soon after: a stopped forwarder renews nothing).
  virtual void Stop() = 0;

  // Thread-safe snapshot.
  virtual ForwarderStatus status() const = 0;

  // Blocks until the destination confirmed `p`, the Forwarder failed, or
  // `timeout` passes. True when reached.
  virtual bool WaitForwarded(Position p, std::chrono::milliseconds timeout) const = 0;

 protected:
  Forwarder() = default;
};

}  // namespace gridledger
