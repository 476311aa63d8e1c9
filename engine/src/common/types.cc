#include "gridledger/types.h"

#include <sodium.h>

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
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
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
