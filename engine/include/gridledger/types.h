// Strong types for the log's identities, so that a stream version can never
// be passed where a global position is expected.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "gridledger/export.h"
#include "gridledger/status.h"

namespace gridledger {

// 1-based position of an event in the global log. Position{0} means
// "before the first event".
struct Position {
  uint64_t value = 0;
  auto operator<=>(const Position&) const = default;
};

// 1-based version of an event within its stream. StreamVersion{0} means
// "the stream has no events".
struct StreamVersion {
  uint64_t value = 0;
  auto operator<=>(const StreamVersion&) const = default;
};

// 128-bit event id. All-zero means "not set".
struct EventId {
  uint64_t hi = 0;
  uint64_t lo = 0;
  auto operator<=>(const EventId&) const = default;
  bool empty() const { return hi == 0 && lo == 0; }

  // A time-ordered (RFC 9562 version 7) id: the creation's Unix millisecond,
  // a per-thread counter, and 62 bits from the OS's CSPRNG. One thread's ids
  // rise; ids made at about the same time sort together (which keeps the
  // log's id index cheap to write). Unique, not secret: an id shows when it
  // was made.
  GRIDLEDGER_EXPORT static EventId Generate();
  // A name-based (version 8) id: the same name always gives the same id,
  // different names different ids (BLAKE2b-256 of a GridLedger domain tag
  // and `name`, truncated). For request ids made from another system's own
  // references, so that its retries are recognised.
  GRIDLEDGER_EXPORT static EventId FromName(std::string_view name);
  // Canonical 8-4-4-4-12 lower-case hex form.
  GRIDLEDGER_EXPORT std::string ToString() const;
  // Parses the canonical form (with or without dashes).
  GRIDLEDGER_EXPORT static Result<EventId> Parse(std::string_view text);
};

// Name of a stream, e.g. "case-20261123-000042" or "grid-411302001001".
// Valid ids are 1..256 bytes of UTF-8 without NUL.
struct StreamId {
  std::string value;
  auto operator<=>(const StreamId&) const = default;
  GRIDLEDGER_EXPORT static Status Validate(std::string_view id);
};

// Microseconds since the Unix epoch, UTC.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

inline int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(int64_t us) { return Timestamp(std::chrono::microseconds(us)); }

// A source of "now". The engine never reads the system clock directly, so
// tests inject a manual clock and never sleep.
class GRIDLEDGER_EXPORT Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // The process-wide system clock. Never null; not owned by the caller.
  static const Clock* System();
};

// A clock that moves only when told to: for tests, simulations and demo
// seeding. Thread-safe.
class GRIDLEDGER_EXPORT ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : us_(ToMicros(start)) {}
  Timestamp Now() const override { return FromMicros(us_.load()); }
  void Set(Timestamp t) { us_.store(ToMicros(t)); }
  void Advance(std::chrono::microseconds d) { us_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> us_;
};

// BLAKE2b-256 digest used by the log's hash chain.
using Hash256 = std::array<uint8_t, 32>;

}  // namespace gridledger

template <>
struct std::hash<gridledger::EventId> {
  size_t operator()(const gridledger::EventId& id) const noexcept {
    return static_cast<size_t>(id.hi ^ (id.lo * 0x9E3779B97F4A7C15ull));
  }
};
