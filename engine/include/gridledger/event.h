// Events as callers hand them to the log and as the log gives them back.
#pragma once

#include <cstdint>
#include <string>

#include "gridledger/event_payloads.h"
#include "gridledger/types.h"

namespace gridledger {

// An event to append. Only `payload` is required.
struct NewEvent {
  // Caller-supplied id makes the append idempotent: appending an id that is
  // already stored returns the stored position and writes nothing. Left
  // empty, the log generates a random id (never deduplicated).
  EventId id;
  EventPayload payload;
  // When it happened in the world. Default (epoch): the commit time.
  Timestamp occurred_at{};
  std::string actor;      // who caused it: worker id, "resident", "system:..."
  std::string grid_code;  // where it belongs, may be empty
  EventId correlation_id;
  EventId causation_id;
};

// An event as stored: everything in NewEvent plus what the log assigned.
struct RecordedEvent {
  EventId id;
  StreamId stream;
  StreamVersion version;
  Position position;
  Timestamp recorded_at{};
  Timestamp occurred_at{};
  std::string actor;
  std::string grid_code;
  EventId correlation_id;
  EventId causation_id;
  uint16_t schema_version = 0;
  Hash256 hash{};
  EventPayload payload;
};

}  // namespace gridledger
