// The event codec: the only code in GridLedger that speaks Cap'n Proto.
//
// A stored event is one unpacked Cap'n Proto message in stream format
// (segment table + segments) whose root is schema::Envelope. Encoding runs
// on the appending thread; the log's writer then fills in the commit-time
// fields (version, position, recorded time) and the chained hash in place,
// without re-encoding, through the offsets recorded here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gridledger/event.h"
#include "gridledger/event_view.h"
#include "gridledger/status.h"

namespace gridledger::codec {

// Version of the envelope layout written by this build.
inline constexpr uint16_t kSchemaVersion = 1;

struct EncodedEvent {
  std::string bytes;  // the complete stored value
  // Byte offsets of the little-endian fields the writer patches.
  uint32_t version_offset = 0;
  uint32_t position_offset = 0;
  uint32_t recorded_offset = 0;
  uint32_t occurred_offset = 0;
  uint32_t hash_offset = 0;     // 32 bytes, zero until Seal()
  bool occurred_unset = false;  // occurred_at defaults to recorded_at
};

// Encodes `event` for `stream` with event id `id`. Fails with
// kInvalidArgument when a field cannot be represented (none today).
Result<EncodedEvent> Encode(const StreamId& stream, const NewEvent& event, EventId id);

// Fills in the commit-time fields, then computes and stores
// hash = BLAKE2b-256(prev || bytes-with-zero-hash). Returns the hash.
Hash256 Seal(EncodedEvent& event, StreamVersion version, Position position, Timestamp recorded_at,
             const Hash256& prev);

// The event exactly as Decode() reads back the bytes Seal() produced for
// `event` with these commit-time fields, built without decoding (what the
// writer hands the read models).
RecordedEvent Sealed(const StreamId& stream, const NewEvent& event, EventId id,
                     StreamVersion version, Position position, Timestamp recorded_at,
                     const Hash256& hash);

// Decodes a stored value. Never throws: damaged bytes give kCorruption.
Result<RecordedEvent> Decode(std::string_view bytes);

// Decode into an existing event: a scan decodes every event into one (its
// envelope strings keep their buffers), a bulk read straight into its
// vector's elements. On an error `*out` is left unspecified.
Status DecodeInto(std::string_view bytes, RecordedEvent* out);

// ViewStoredEvent into an existing view: a scan reuses one view for every
// event instead of building and moving a new one. On an error `*view` is
// left unspecified.
Status ViewInto(std::string_view bytes, EventView* view);

// BLAKE2b-256(prev || bytes with the 32 bytes at hash_offset zeroed): what
// the chain hash of the stored value `bytes` must be.
Hash256 ChainHash(std::string_view bytes, size_t hash_offset, const Hash256& prev);

// For verification: decodes `bytes` and recomputes its chain hash over
// `prev`. `computed` is what the hash should be; event.hash what is stored.
struct Checked {
  RecordedEvent event;
  Hash256 computed{};
};
Result<Checked> DecodeAndHash(std::string_view bytes, const Hash256& prev);

}  // namespace gridledger::codec
