// Reads: a stream forwards and backwards, the global log, one event by id,
// a stream's head, and reads racing with appends.
#include <atomic>
#include <thread>
#include <vector>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::NoteText;
using testing::OpenLog;
using testing::TempDir;

const StreamId kStream{"case-1"};
const StreamId kOther{"case-2"};
// Fills use buffered appends: durability is not what these tests check.
const AppendOptions kBuffered{.durability = Durability::kBuffered};

// Appends "s1".."s10" to kStream interleaved with "o1".."o10" to kOther, so
// that stream versions and global positions differ: kStream's version v is
// at position 2v-1.
void AppendInterleaved(EventLog& log) {
  for (int i = 1; i <= 10; ++i) {
    ASSERT_TRUE(log.Append(kStream, {}, {Note("s" + std::to_string(i))}, kBuffered).ok());
    ASSERT_TRUE(log.Append(kOther, {}, {Note("o" + std::to_string(i))}, kBuffered).ok());
  }
}

std::vector<std::string> Texts(const std::vector<RecordedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(NoteText(e));
  return out;
}

TEST(ReadStream, ForwardFromAVersionReturnsAtMostLimitEventsInVersionOrder) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadStream(kStream, StreamVersion{4}, ReadDirection::kForward, 3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Texts(*r), (std::vector<std::string>{"s4", "s5", "s6"}));
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].version, StreamVersion{4});
  EXPECT_EQ((*r)[0].position, Position{7});
  EXPECT_EQ((*r)[0].stream, kStream);
}

TEST(ReadStream, ForwardPastTheEndStopsAtTheLastEvent) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadStream(kStream, StreamVersion{9}, ReadDirection::kForward, 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Texts(*r), (std::vector<std::string>{"s9", "s10"}));
  auto beyond = log->ReadStream(kStream, StreamVersion{11}, ReadDirection::kForward, 100);
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->empty());
}

TEST(ReadStream, BackwardFromAVersionReturnsAtMostLimitEventsNewestFirst) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadStream(kStream, StreamVersion{5}, ReadDirection::kBackward, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Texts(*r), (std::vector<std::string>{"s5", "s4", "s3"}));
  auto to_start = log->ReadStream(kStream, StreamVersion{2}, ReadDirection::kBackward, 10);
  ASSERT_TRUE(to_start.ok());
  EXPECT_EQ(Texts(*to_start), (std::vector<std::string>{"s2", "s1"}));
}

TEST(ReadStream, BackwardFromMaxVersionStartsAtTheLastEvent) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadStream(kStream, StreamVersion{UINT64_MAX}, ReadDirection::kBackward, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Texts(*r), (std::vector<std::string>{"s10", "s9"}));
  EXPECT_EQ((*r)[0].version, StreamVersion{10});
}

TEST(ReadStream, DoesNotSeeAStreamWhoseIdExtendsTheRequestedOne) {
  // "case-1" must not return events of "case-10" (the index key is the id
  // plus a NUL separator).
  TempDir dir;
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log->Append(StreamId{"case-10"}, {}, {Note("x")}).ok());
  ASSERT_TRUE(log->Append(kStream, {}, {Note("y")}).ok());
  auto fwd = log->ReadStream(kStream, StreamVersion{0}, ReadDirection::kForward, 10);
  ASSERT_TRUE(fwd.ok());
  EXPECT_EQ(Texts(*fwd), std::vector<std::string>{"y"});
  auto back = log->ReadStream(kStream, StreamVersion{UINT64_MAX}, ReadDirection::kBackward, 10);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Texts(*back), std::vector<std::string>{"y"});
}

TEST(ReadStream, UnknownStreamIsEmptyNotAnError) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  for (auto direction : {ReadDirection::kForward, ReadDirection::kBackward}) {
    auto r = log->ReadStream(StreamId{"no-such-stream"}, StreamVersion{UINT64_MAX}, direction, 10);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->empty());
  }
}

TEST(ReadStream, ZeroLimitIsEmpty) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadStream(kStream, StreamVersion{1}, ReadDirection::kForward, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(ReadAll, FromAPositionReturnsAtMostLimitEventsInPositionOrder) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadAll(Position{3}, 4);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Texts(*r), (std::vector<std::string>{"s2", "o2", "s3", "o3"}));
  for (size_t i = 0; i < r->size(); ++i) EXPECT_EQ((*r)[i].position.value, 3 + i);
}

TEST(ReadAll, StopsAtTheCommittedWatermark) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto tail = log->ReadAll(Position{19}, 100);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(Texts(*tail), (std::vector<std::string>{"s10", "o10"}));
  auto beyond = log->ReadAll(Position{21}, 100);
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->empty());
}

TEST(ReadAll, PositionZeroMeansFromTheBeginning) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadAll(Position{0}, 1);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].position, Position{1});
}

TEST(ReadAll, OfAnEmptyLogIsEmpty) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto r = log->ReadAll(Position{1}, 10);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(ReadEvent, ReturnsTheEventStoredUnderItsId) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  EventId id = EventId::Generate();
  NewEvent event = Note("wanted", id);
  event.correlation_id = EventId::Generate();
  ASSERT_TRUE(log->Append(kStream, ExpectedVersion::Exactly(10), {event}).ok());
  auto r = log->ReadEvent(id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, id);
  EXPECT_EQ(NoteText(*r), "wanted");
  EXPECT_EQ(r->stream, kStream);
  EXPECT_EQ(r->version, StreamVersion{11});
  EXPECT_EQ(r->position, Position{21});
  EXPECT_EQ(r->correlation_id, event.correlation_id);
  EXPECT_EQ(r->actor, "worker-1");
}

TEST(ReadEvent, UnknownIdIsNotFound) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto r = log->ReadEvent(EventId::Generate());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsNotFound()) << r.error().ToString();
}

TEST(Head, ReportsTheLastVersionAndItsPosition) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendInterleaved(*log);
  auto head = log->Head(kStream);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version, StreamVersion{10});
  EXPECT_EQ(head->last_position, Position{19});
  auto other = log->Head(kOther);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->version, StreamVersion{10});
  EXPECT_EQ(other->last_position, Position{20});
}

TEST(Head, OfAnUnknownStreamIsVersionZero) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto head = log->Head(StreamId{"nobody"});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version, StreamVersion{0});
  EXPECT_EQ(head->last_position, Position{0});
}

TEST(Head, SurvivesReopen) {
  TempDir dir;
  {
    auto log = OpenLog(dir.path());
    AppendInterleaved(*log);
  }
  auto log = OpenLog(dir.path());
  auto head = log->Head(kOther);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version, StreamVersion{10});
  EXPECT_EQ(head->last_position, Position{20});
}

// While writers append, a reader polling the global log never sees a
// position without every lower one: each ReadAll from the reader's next
// position returns a contiguous run starting exactly there, and the
// watermark it observed before reading is always covered.
TEST(ReadAll, ConcurrentReadsNeverSeeAPositionBeforeItsPredecessor) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  constexpr int kWriters = 4;
  constexpr int kAppendsPerWriter = 300;
  constexpr uint64_t kTotal = kWriters * kAppendsPerWriter * 2;  // 2 events each
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      StreamId stream{"writer-" + std::to_string(w)};
      for (int i = 0; i < kAppendsPerWriter; ++i) {
        auto r =
            log->Append(stream, {}, {Note("a"), Note("b")}, {.durability = Durability::kBuffered});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
    });
  }
  uint64_t next = 1;
  uint64_t reads = 0;
  std::thread reader([&] {
    while (next <= kTotal) {
      Position seen = log->Committed();
      auto r = log->ReadAll(Position{next}, 64);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ++reads;
      // Everything up to the watermark read before the call is visible.
      if (seen.value >= next) {
        ASSERT_FALSE(r->empty());
      }
      for (const auto& e : *r) {
        ASSERT_EQ(e.position.value, next) << "gap or reordering in the global log";
        ++next;
      }
      if (r->empty()) log->WaitForCommitted(Position{next}, std::chrono::milliseconds(100));
    }
  });
  for (auto& t : writers) t.join();
  reader.join();
  EXPECT_EQ(next, kTotal + 1);
  EXPECT_GT(reads, 0u);
  EXPECT_EQ(log->Committed().value, kTotal);
}

// Stream reads racing with appends also see every version contiguously
// from 1 and never a torn (half-visible) append.
TEST(ReadStream, ConcurrentReadsSeeOnlyWholeAppends) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  constexpr int kAppends = 300;
  std::thread writer([&] {
    for (int i = 0; i < kAppends; ++i) {
      auto r = log->Append(kStream, {}, {Note("first"), Note("second"), Note("third")},
                           {.durability = Durability::kBuffered});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  });
  size_t last_size = 0;
  while (last_size < 3 * kAppends) {
    auto r = log->ReadStream(kStream, StreamVersion{1}, ReadDirection::kForward, 100000);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->size() % 3, 0u) << "an append is partly visible";
    for (size_t i = 0; i < r->size(); ++i) ASSERT_EQ((*r)[i].version.value, i + 1);
    ASSERT_GE(r->size(), last_size);
    last_size = r->size();
    if (last_size < 3 * kAppends)
      log->WaitForCommitted(Position{last_size + 1}, std::chrono::milliseconds(100));
  }
  writer.join();
}

// A scan of the whole log reads each block once: it must not push the
// block cache's hot blocks (indexes, recent point reads) out. Reading one
// event by position (no read-ahead) still caches its block.
TEST(ScanAll, AWholeLogScanLeavesTheBlockCacheToPointReads) {
  TempDir dir;
  {
    auto log = OpenLog(dir.path());
    const std::string filler(400, 'x');
    for (int batch = 0; batch < 40; ++batch) {
      std::vector<NewEvent> events;
      for (int i = 0; i < 500; ++i) events.push_back(Note(filler + std::to_string(i)));
      ASSERT_TRUE(log->Append(StreamId{"s-" + std::to_string(batch)}, {}, events, kBuffered).ok());
    }
    ASSERT_TRUE(log->Compact().ok());  // into table files: the scan reads blocks
  }
  auto log = OpenLog(dir.path());
  const uint64_t before = log->Metrics().block_cache_bytes;
  uint64_t seen = 0;
  ASSERT_TRUE(log->ScanViews(Position{1}, Position{0},
                             [&](const EventView&) {
                               ++seen;
                               return Status::Ok();
                             })
                  .ok());
  ASSERT_EQ(seen, 20000u);
  const uint64_t after_scan = log->Metrics().block_cache_bytes;
  // 20,000 events of ~450 bytes are several MiB of blocks; a scan that
  // cached them would have grown the cache by as much.
  EXPECT_LT(after_scan - before, 256u << 10) << before << " -> " << after_scan;
  ASSERT_TRUE(log->ReadAll(Position{12345}, 1).ok());
  EXPECT_GT(log->Metrics().block_cache_bytes, after_scan) << "a point read caches its block";
}

}  // namespace
}  // namespace gridledger
