// EventId::Generate makes time-ordered (RFC 9562 version 7) ids: one
// thread's ids rise, and the first 48 bits are the creation's Unix
// millisecond, so the id index's new rows sort together at the end of its
// key space (storage/keys.h IdKey is the id's bytes in order).
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "gridledger/types.h"

namespace gridledger {
namespace {

uint64_t NowMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

TEST(EventIdGenerate, OneThreadsIdsRiseAndCarryTheirMillisecond) {
  const uint64_t before = NowMs();
  std::set<EventId> seen;
  EventId last;
  for (int i = 0; i < 20000; ++i) {  // several times the 4096 a millisecond's counter holds
    EventId id = EventId::Generate();
    ASSERT_FALSE(id.empty());
    EXPECT_EQ((id.hi >> 12) & 0xf, 7u) << id.ToString();  // version 7
    EXPECT_EQ(id.lo >> 62, 2u) << id.ToString();          // RFC 9562 variant
    if (i > 0) {
      ASSERT_LT(last, id) << "ids of one thread must rise: " << last.ToString() << " then "
                          << id.ToString();
    }
    last = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 20000u);
  const uint64_t first_ms = seen.begin()->hi >> 16;
  const uint64_t last_ms = last.hi >> 16;
  EXPECT_GE(first_ms, before);
  // A counter that runs over borrows the next millisecond; it starts below
  // 1024, so each millisecond holds at least 3072 ids: a lenient bound.
  EXPECT_LE(last_ms, NowMs() + 20000 / 1024 + 1);
}

}  // namespace
}  // namespace gridledger
