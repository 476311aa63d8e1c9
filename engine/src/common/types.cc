#include "gridledger/types.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include "common/utf8.h"
#include "crypto/blake2b.h"
#include "crypto/sodium_init.h"

namespace gridledger {

EventId EventId::FromName(std::string_view name) {
  Blake2b256 h;
  h.Update("gridledger.named-id", 19);
  h.Update(name.data(), name.size());
  Hash256 digest = h.Final();
  uint8_t bytes[16];
  std::memcpy(bytes, digest.data(), sizeof bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;  // version 8
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
  EventId id;
  for (int i = 0; i < 8; ++i) id.hi = (id.hi << 8) | bytes[i];
  for (int i = 8; i < 16; ++i) id.lo = (id.lo << 8) | bytes[i];
  return id;
}

EventId EventId::Generate() {
  EnsureSodium();
  // One getrandom() per 256 ids instead of one per id: the CSPRNG output is
  // buffered per thread (ids are unique, not secret).
  thread_local uint8_t pool[4096];
  thread_local size_t used = sizeof pool;
  if (used + 16 > sizeof pool) {
    randombytes_buf(pool, sizeof pool);
    used = 0;
  }
  uint8_t bytes[16];
  std::memcpy(bytes, pool + used, sizeof bytes);
  used += sizeof bytes;
  // RFC 9562 version 7: 48 bits of Unix milliseconds, then a 12-bit counter
  // (method 1) so that one thread's ids rise even within a millisecond; a
  // counter that runs over borrows the next millisecond. Ids made at about
  // the same time therefore sort together, and the id index's rows land
  // next to each other in the memtable instead of all over the key space.
  thread_local uint64_t last_ms = 0;
  thread_local uint16_t counter = 0;
  uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  if (ms > last_ms) {
    last_ms = ms;
    counter =
        static_cast<uint16_t>(bytes[6] & 0x03) << 8 | bytes[7];  // a random start, room to rise
  } else if (++counter > 0x0fff) {
    ++last_ms;
    counter = 0;
  }
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<uint8_t>(last_ms >> (40 - 8 * i));
  bytes[6] = static_cast<uint8_t>(0x70 | (counter >> 8));  // version 7
  bytes[7] = static_cast<uint8_t>(counter);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
  EventId id;
  for (int i = 0; i < 8; ++i) id.hi = (id.hi << 8) | bytes[i];
  for (int i = 8; i < 16; ++i) id.lo = (id.lo << 8) | bytes[i];
  return id;
}

std::string EventId::ToString() const {
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffull));
  return buf;
}

Result<EventId> EventId::Parse(std::string_view text) {
  EventId id;
  int digits = 0;
  for (char c : text) {
    if (c == '-') continue;
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      return Status::InvalidArgument("event id has a non-hex character: '" + std::string(text) +
                                     "'");
    if (digits < 16)
      id.hi = (id.hi << 4) | v;
    else if (digits < 32)
      id.lo = (id.lo << 4) | v;
    ++digits;
  }
  if (digits != 32)
    return Status::InvalidArgument("event id must have 32 hex digits: '" + std::string(text) + "'");
  return id;
}

Status StreamId::Validate(std::string_view id) {
  if (id.empty()) return Status::InvalidArgument("stream id is empty");
  if (id.size() > 256) return Status::InvalidArgument("stream id is longer than 256 bytes");
  if (id.find('\0') != std::string_view::npos)
    return Status::InvalidArgument("stream id contains a NUL byte");
  return CheckUtf8("stream id", id);
}

namespace {
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};
}  // namespace

const Clock* Clock::System() {
  static const SystemClock clock;
  return &clock;
}

}  // namespace gridledger
