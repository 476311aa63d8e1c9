// Rebuilding a log from a forwarded copy of it (a partition's JetStream
// stream, docs/scaling.md): the events go in exactly as the original log
// stored them, so the copy holds the same bytes at the same positions and
// its hash chain ends in the same tail hash.
#pragma once

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

}  // namespace gridledger
