#include "facade/command_ids.h"

#include <cstring>

#include "crypto/blake2b.h"

namespace gridledger {
namespace {

EventId Derive(EventId request, char domain, uint32_t index) {
  Blake2b256 h;
  h.Update("gridledger.command-id", 21);
  h.Update(&domain, 1);
  uint64_t words[2] = {request.hi, request.lo};
  h.Update(words, sizeof words);
  h.Update(&index, sizeof index);
  Hash256 digest = h.Final();
  EventId id;
  std::memcpy(&id.hi, digest.data(), 8);
  std::memcpy(&id.lo, digest.data() + 8, 8);
  if (id.empty()) id.lo = 1;
  return id;
}

}  // namespace

EventId CommandIds::EventAt(uint32_t index) const {
  return derived() ? Derive(request_, 'e', index) : EventId{};
}

EventId CommandIds::Nested(uint32_t index) const {
  return derived() ? Derive(request_, 'n', index) : EventId{};
}

}  // namespace gridledger
