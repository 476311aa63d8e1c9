// Fuzzes decoding of stored event values: any bytes must give an event or
// a Corruption error, never a crash, hang or sanitizer report; and the
// in-place view (gridledger/event_view.h) must agree with the full decoder
// on every field and on the chain hash whenever both read the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/event_codec.h"
#include "gridledger/event_payloads.h"
#include "gridledger/event_view.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = gridledger::codec::Decode(bytes);
  if (!decoded.ok() && !decoded.error().IsCorruption()) __builtin_trap();
  auto checked = gridledger::codec::DecodeAndHash(bytes, gridledger::Hash256{});
  if (decoded.ok() != checked.ok()) __builtin_trap();
  auto view = gridledger::ViewStoredEvent(bytes);
  if (!view.ok() && !view.error().IsCorruption()) __builtin_trap();
  // Whatever decodes has a readable envelope (the view looks at less).
  if (decoded.ok() && !view.ok()) __builtin_trap();
  // One view read into for input after input (as the log's scans do)
  // holds exactly what a fresh view of this input holds.
  static gridledger::EventView reused;
  gridledger::Status into = gridledger::codec::ViewInto(bytes, &reused);
  if (into.ok() != view.ok()) __builtin_trap();
  if (view.ok()) {
    const auto& v = *view;
    if (reused.id != v.id || reused.stream != v.stream || reused.version != v.version ||
        reused.position != v.position || reused.recorded_at != v.recorded_at ||
        reused.occurred_at != v.occurred_at || reused.actor != v.actor ||
        reused.grid_code != v.grid_code || reused.correlation_id != v.correlation_id ||
        reused.causation_id != v.causation_id || reused.schema_version != v.schema_version ||
        reused.type != v.type || reused.hash != v.hash || reused.hash_offset != v.hash_offset ||
        reused.bytes.data() != v.bytes.data() || (reused.copy == nullptr) != (v.copy == nullptr))
      __builtin_trap();
  }
  if (decoded.ok()) {
    const auto& e = *decoded;
    const auto& v = *view;
    if (v.id != e.id || v.stream != e.stream.value || v.version != e.version ||
        v.position != e.position || v.recorded_at != e.recorded_at ||
        v.occurred_at != e.occurred_at || v.actor != e.actor || v.grid_code != e.grid_code ||
        v.correlation_id != e.correlation_id || v.causation_id != e.causation_id ||
        v.schema_version != e.schema_version || v.hash != e.hash ||
        v.type != gridledger::EventTypeName(e.payload) ||
        v.ChainHash(gridledger::Hash256{}) != checked->computed)
      __builtin_trap();
  }
  return 0;
}
