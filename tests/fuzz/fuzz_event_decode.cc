// Fuzzes decoding of stored event values: any bytes must give an event or
// a Corruption error, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/event_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = gridledger::codec::Decode(bytes);
  if (!decoded.ok() && !decoded.error().IsCorruption()) __builtin_trap();
  auto checked = gridledger::codec::DecodeAndHash(bytes, gridledger::Hash256{});
  if (decoded.ok() != checked.ok()) __builtin_trap();
  return 0;
}
