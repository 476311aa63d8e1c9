// A stored event read in place: its envelope without decoding its payload
// or copying a string.
//
// A stored event is one unpacked Cap'n Proto message (schemas/events.capnp,
// `Envelope`). An EventView gives every envelope field the way a
// RecordedEvent does, as views into the stored bytes, for the price of a
// few pointer reads; the payload is decoded (and everything copied into an
// owned RecordedEvent) only when asked for, with Decode(). It is what the
// log's scans, the forwarder and Verify read, and what an embedding system
// uses to look at many events and keep a few.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "gridledger/event.h"
#include "gridledger/export.h"
#include "gridledger/status.h"
#include "gridledger/types.h"

namespace gridledger {

// Lifetime: the string views point into `bytes`, so they are valid while
// the stored bytes are. (A message not laid out as GridLedger writes them,
// in several segments or with far pointers, is read from an aligned copy
// that the view itself keeps: its views are valid while the view, or a
// copy of it, lives.)
struct EventView {
  EventId id;
  std::string_view stream;
  StreamVersion version;
  Position position;
  Timestamp recorded_at{};
  Timestamp occurred_at{};
  std::string_view actor;
  std::string_view grid_code;
  EventId correlation_id;
  EventId causation_id;
  uint16_t schema_version = 0;
  // The payload's type name, as EventTypeName(payload) gives it.
  std::string_view type;
  // The chain hash as stored.
  Hash256 hash{};
  // The whole stored value, and where its 32 hash bytes lie in it.
  std::string_view bytes;
  size_t hash_offset = 0;

  // The event with its payload, owned. kCorruption when the payload does
  // not decode.
  GRIDLEDGER_EXPORT Result<RecordedEvent> Decode() const;

  // What the chain hash of this event must be when `prev` is its
  // predecessor's: BLAKE2b-256(prev || bytes with the hash zeroed).
  // Verification compares it with `hash` without decoding the payload.
  GRIDLEDGER_EXPORT Hash256 ChainHash(const Hash256& prev) const;

  // The aligned copy a message read the slow way is viewed in; empty for
  // every message GridLedger writes.
  std::shared_ptr<const void> copy;
};

// Reads the envelope of a stored event (StoredEvent::bytes, a forwarded
// message's body). Never throws: bytes that are not an envelope, or whose
// payload type this build does not know, give kCorruption (the payload's
// own fields are checked by Decode()).
GRIDLEDGER_EXPORT Result<EventView> ViewStoredEvent(std::string_view bytes);

}  // namespace gridledger
