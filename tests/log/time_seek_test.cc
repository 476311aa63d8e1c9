// Reading from a point in time (EventLog::SeekTime, SeekStreamTime): the
// time index gives the first event recorded at or after T, at equal
// timestamps, when the clock steps back, and for a store written before
// the index existed (indexed at open; a read-only open falls back to a scan).
#include <thread>

#include "log/log_test_util.h"
#include "log/raw_store.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::OpenLog;
using testing::TempDir;

Timestamp At(int64_t seconds) { return FromMicros(seconds * 1000000); }

// Appends one event per time in `times` (seconds), to stream `stream`.
void AppendAt(EventLog& log, ManualClock& clock, const std::vector<int64_t>& times,
              const std::string& stream = "s") {
  for (int64_t t : times) {
    clock.Set(At(t));
    ASSERT_TRUE(log.Append(StreamId{stream}, ExpectedVersion::Any(), {Note("t")}).ok());
  }
}

// The first position recorded at or after `at`, by reading everything.
uint64_t ByScan(EventLog& log, Timestamp at) {
  auto all = log.ReadAll(Position{1}, 100000);
  EXPECT_TRUE(all.ok());
  for (const auto& e : *all)
    if (e.recorded_at >= at) return e.position.value;
  return log.Committed().value + 1;
}

TEST(TimeSeek, FindsTheFirstEventAtOrAfterTheTime) {
  TempDir dir;
  ManualClock clock(At(100));
  LogOptions options;
  options.clock = &clock;
  auto log = OpenLog(dir.path(), options);
  EXPECT_EQ(*log->SeekTime(At(0)), Position{1});  // empty log: Committed() + 1
  AppendAt(*log, clock, {100, 110, 110, 110, 120, 130});
  EXPECT_EQ(*log->SeekTime(At(50)), Position{1});
  EXPECT_EQ(*log->SeekTime(At(100)), Position{1});
  EXPECT_EQ(*log->SeekTime(FromMicros(100 * 1000000 + 1)), Position{2});
  EXPECT_EQ(*log->SeekTime(At(110)), Position{2});  // equal timestamps: the first of them
  EXPECT_EQ(*log->SeekTime(At(111)), Position{5});
  EXPECT_EQ(*log->SeekTime(At(130)), Position{6});
  EXPECT_EQ(*log->SeekTime(At(131)), Position{7});
  auto since = log->ReadAll(*log->SeekTime(At(110)), 100);
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(since->size(), 5u);
}

TEST(TimeSeek, AClockThatStepsBackNeverMakesItSkipAnEventAtOrAfterT) {
  TempDir dir;
  ManualClock clock(At(0));
  LogOptions options;
  options.clock = &clock;
  auto log = OpenLog(dir.path(), options);
  // 200, then the clock steps back to 150 (NTP correction), then forward.
  AppendAt(*log, clock, {100, 200, 150, 150, 210, 180, 220, 220});
  for (int64_t t = 90; t <= 230; ++t) {
    auto p = log->SeekTime(At(t));
    ASSERT_TRUE(p.ok());
    // Never after an event recorded at or after t...
    auto all = log->ReadAll(Position{1}, 100);
    for (const auto& e : *all)
      if (e.recorded_at >= At(t)) EXPECT_LE(p->value, e.position.value) << "t=" << t;
    // ...and exactly the first such event.
    EXPECT_EQ(p->value, ByScan(*log, At(t))) << "t=" << t;
  }
  // T = 160: the first event at or after it is position 2 (200); positions
  // 3, 4 (150) follow it and are read too.
  EXPECT_EQ(*log->SeekTime(At(160)), Position{2});
}

TEST(TimeSeek, TheIndexSurvivesReopeningAndGroupCommit) {
  TempDir dir;
  ManualClock clock(At(0));
  LogOptions options;
  options.clock = &clock;
  {
    auto log = OpenLog(dir.path(), options);
    AppendAt(*log, clock, {10, 20, 30});
  }
  clock.Set(At(5));  // restarted with a clock behind the log's
  auto log = OpenLog(dir.path(), options);
  AppendAt(*log, clock, {5, 25, 40});
  for (int64_t t = 0; t <= 45; ++t) EXPECT_EQ(log->SeekTime(At(t))->value, ByScan(*log, At(t)));
  // Concurrent appends in one group share one time.
  clock.Set(At(50));
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back(
        [&] { ASSERT_TRUE(log->Append(StreamId{"g"}, ExpectedVersion::Any(), {Note("g")}).ok()); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(*log->SeekTime(At(50)), Position{7});
}

TEST(TimeSeek, StreamsSeekThroughTheirOwnIndex) {
  TempDir dir;
  ManualClock clock(At(0));
  LogOptions options;
  options.clock = &clock;
  auto log = OpenLog(dir.path(), options);
  AppendAt(*log, clock, {10}, "a");
  AppendAt(*log, clock, {20}, "b");
  clock.Set(At(30));
  ASSERT_TRUE(
      log->Append(StreamId{"a"}, ExpectedVersion::Any(), {Note("1"), Note("2"), Note("3")}).ok());
  AppendAt(*log, clock, {40}, "b");
  AppendAt(*log, clock, {50}, "a");
  // a: v1@10 (p1), v2..4@30 (p3..5), v5@50 (p7)
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"a"}, At(0)), StreamVersion{1});
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"a"}, At(11)), StreamVersion{2});
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"a"}, At(30)), StreamVersion{2});
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"a"}, At(31)), StreamVersion{5});
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"a"}, At(51)), StreamVersion{6});
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"b"}, At(21)), StreamVersion{2});
  EXPECT_EQ(*log->SeekStreamTime(StreamId{"nobody"}, At(0)), StreamVersion{1});
  auto since = log->ReadStream(StreamId{"a"}, *log->SeekStreamTime(StreamId{"a"}, At(30)),
                               ReadDirection::kForward, 100);
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(since->size(), 4u);
}

TEST(TimeSeek, AStoreFromBeforeTheIndexIsIndexedAtOpenOrScannedReadOnly) {
  TempDir dir;
  ManualClock clock(At(0));
  LogOptions options;
  options.clock = &clock;
  {
    auto log = OpenLog(dir.path(), options);
    AppendAt(*log, clock, {10, 20, 20, 15, 30});
  }
  // Make it an older store: no times family, no mark.
  {
    testing::RawStore raw(dir.path());
    raw.DropFamily("times");
    raw.Delete("meta", "time_index");
  }
  {
    LogOptions ro = options;
    ro.read_only = true;
    auto log = OpenLog(dir.path(), ro);
    for (int64_t t = 0; t <= 35; ++t) EXPECT_EQ(log->SeekTime(At(t))->value, ByScan(*log, At(t)));
  }
  auto log = OpenLog(dir.path(), options);  // indexes the five events now
  for (int64_t t = 0; t <= 35; ++t) EXPECT_EQ(log->SeekTime(At(t))->value, ByScan(*log, At(t)));
  AppendAt(*log, clock, {40});
  EXPECT_EQ(*log->SeekTime(At(31)), Position{6});
}

}  // namespace
}  // namespace gridledger
