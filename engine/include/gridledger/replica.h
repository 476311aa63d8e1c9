// Rebuilding a log from a forwarded copy of it (a partition's JetStream
// stream, docs/scaling.md): the events go in exactly as the original log
// stored them, so the copy holds the same bytes at the same positions and
// its hash chain ends in the same tail hash.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "gridledger/event_log.h"
#include "gridledger/export.h"
#include "gridledger/status.h"

namespace gridledger {

// Appends `stored` (StoredEvent::bytes as another GridLedger log stored
// them, with their positions) to `log` unchanged, atomically: all or none.
// They must continue `log`: the first at Committed() + 1, each one position
// and one stream version after its predecessor, each hash chaining on the
// previous event's hash.
//  * kConflict: the first event is not at Committed() + 1 (nothing written).
//  * kCorruption: bytes that do not decode, or a position, version or hash
//    that does not follow on (nothing written).
//  * kUnavailable: `log` is read-only, closing, or not a local store (a
//    remote log cannot take stored bytes).
// Blocks until committed, durable per `options`. Thread-safe; other
// appends may run meanwhile (they then decide where the next must go).
GRIDLEDGER_EXPORT Status AppendStoredEvents(EventLog& log, std::vector<StoredEvent> stored,
                                            const AppendOptions& options = {});

// Fences `log`: from now on every append (Append, AppendAsync, AppendAll,
// AppendStoredEvents) fails with kPermissionDenied naming `reason`, until
// the log is closed. For a primary that lost its partition's lease to a
// promoted standby (docs/scaling.md): it must not accept another write.
// Reads go on. kUnavailable when `log` is not a local store.
GRIDLEDGER_EXPORT Status FenceLog(EventLog& log, const std::string& reason);

// Standby mode, the liftable sibling of the fence: until LiftLogStandby,
// every new write (Append, AppendAsync, AppendAll, and so every command
// over RPC) fails with kPermissionDenied whose message is `reason`, while
// AppendStoredEvents still goes in, so the log can follow its partition's
// stream (gridledger/standby.h) and take not a single write of its own.
// Reads go on. kUnavailable when `log` is not a local store;
// kInvalidArgument for an empty reason.
GRIDLEDGER_EXPORT Status SetLogStandby(EventLog& log, const std::string& reason);

// Lifts standby mode: new writes are taken again. Returns the fence's
// kPermissionDenied when the log was fenced meanwhile (a fence is never
// lifted). kUnavailable when `log` is not a local store.
GRIDLEDGER_EXPORT Status LiftLogStandby(EventLog& log);

// Lease-bounded writes, the lease inside the commit path: for a primary
// whose partition has a lease (docs/scaling.md, fencing). From the first
// call on, the writer commits a group of appends only while `valid_until`
// (steady clock) has not passed, the time until which no other node can
// hold `lease` (its holder's last renewal, sent at t, makes it t plus a
// share of the lease's TTL). Checked twice per group:
//  * just before the group is written: after `valid_until` the group fails
//    with kUnavailable naming `lease`, nothing written (new appends are
//    refused the same way before they are queued);
//  * once the group is durable: if the lease lapsed meanwhile (a slow
//    disk), the group stays committed locally but every append in it is
//    answered kUnavailable, "outcome unknown, retry with the same ids"
//    (the log answers a retry of a committed id with its first result, so
//    a retry never doubles). No append is ever acknowledged after
//    `valid_until`.
// Each call replaces the limit (a time already past refuses writes until
// the next call); the lease stays armed until the log is closed.
// AppendStoredEvents is bounded the same way. Thread-safe. kUnavailable
// when `log` is not a local store; kInvalidArgument for an empty `lease`.
GRIDLEDGER_EXPORT Status SetWriteLease(EventLog& log,
                                       std::chrono::steady_clock::time_point valid_until,
                                       const std::string& lease);

}  // namespace gridledger
