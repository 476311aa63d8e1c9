// The few envelope fields that filters and the time index look at, read in
// place from a stored event without decoding its payload or copying its
// strings: what lets a filtered read skip a non-matching event for the
// price of one small copy and a handful of pointer reads.
#pragma once

#include <string_view>

#include "gridledger/status.h"
#include "gridledger/types.h"

namespace gridledger::codec {

struct EnvelopeHead {
  Position position;
  Timestamp recorded_at{};
  std::string_view stream;
  std::string_view grid_code;
  // The type name as EventTypeName gives it: the payload member's schema
  // name, or an opaque event's own type name.
  std::string_view type;
};

// Reads `bytes`' head. The views point into `bytes` (one-segment messages,
// as the encoder writes them, are read in place without a copy) or into a
// per-thread buffer; either way they stay valid while `bytes` does and
// until the next ReadHead on this thread. kCorruption when the bytes are
// not an envelope (the payload itself is not checked).
Result<EnvelopeHead> ReadHead(std::string_view bytes);

}  // namespace gridledger::codec
