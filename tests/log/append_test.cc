#include <atomic>
#include <thread>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::NoteText;
using testing::OpenLog;
using testing::TempDir;

const StreamId kStream{"case-1"};

TEST(Append, AssignsConsecutiveVersionsAndPositions) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto r = log->Append(kStream, ExpectedVersion::NoStream(), {Note("a"), Note("b")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->first_position, Position{1});
  EXPECT_EQ(r->last_position, Position{2});
  EXPECT_EQ(r->next_expected, StreamVersion{2});
  auto r2 = log->Append(StreamId{"case-2"}, ExpectedVersion::Any(), {Note("c")});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->first_position, Position{3});
  EXPECT_EQ(r2->next_expected, StreamVersion{1});
  EXPECT_EQ(log->Committed(), Position{3});
}

TEST(Append, ExactVersionMismatchIsConflictAndWritesNothing) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log->Append(kStream, ExpectedVersion::NoStream(), {Note("a")}).ok());
  auto r = log->Append(kStream, ExpectedVersion::Exactly(5), {Note("b")});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsConflict()) << r.error().ToString();
  auto again = log->Append(kStream, ExpectedVersion::NoStream(), {Note("b")});
  EXPECT_TRUE(again.error().IsConflict());
  EXPECT_EQ(log->Committed(), Position{1});
  auto ok = log->Append(kStream, ExpectedVersion::Exactly(1), {Note("b")});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->next_expected, StreamVersion{2});
}

TEST(Append, RejectsInvalidInput) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  EXPECT_EQ(log->Append(kStream, {}, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Append(StreamId{""}, {}, {Note("a")}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Append(StreamId{std::string("a\0b", 3)}, {}, {Note("a")}).status().code(),
            StatusCode::kInvalidArgument);
  EventId id = EventId::Generate();
  EXPECT_EQ(log->Append(kStream, {}, {Note("a", id), Note("b", id)}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Committed(), Position{0});
}

TEST(Append, ManyThreadsRacingOnOneStreamGetExactlyOneWinnerPerVersion) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  constexpr int kThreads = 16;
  constexpr int kRounds = 40;
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        auto head = log->Head(kStream);
        ASSERT_TRUE(head.ok());
        auto r =
            log->Append(kStream, ExpectedVersion::Exactly(head->version),
                        {Note("t" + std::to_string(t))}, {.durability = Durability::kBuffered});
        if (r.ok())
          ++wins;
        else if (r.error().IsConflict())
          ++conflicts;
        else
          ADD_FAILURE() << r.error().ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins + conflicts, kThreads * kRounds);
  auto events = log->ReadStream(kStream, StreamVersion{1}, ReadDirection::kForward, 100000);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), static_cast<size_t>(wins.load()));
  for (size_t i = 0; i < events->size(); ++i)
    EXPECT_EQ((*events)[i].version.value, i + 1);  // each version won exactly once
}

TEST(Append, ReplayingTheSameIdsReturnsOriginalPositionsAndWritesNothing) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  EventId a = EventId::Generate(), b = EventId::Generate();
  auto first = log->Append(kStream, ExpectedVersion::NoStream(), {Note("a", a), Note("b", b)});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(log->Append(StreamId{"other"}, {}, {Note("x")}).ok());
  // Retried with the original expected version: still deduplicated.
  auto replay = log->Append(kStream, ExpectedVersion::NoStream(), {Note("a", a), Note("b", b)});
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  EXPECT_TRUE(replay->deduplicated);
  EXPECT_EQ(replay->first_position, first->first_position);
  EXPECT_EQ(replay->last_position, first->last_position);
  EXPECT_EQ(log->Committed(), Position{3});
}

TEST(Append, ReusedIdWithDifferentContentIsAnError) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  EventId a = EventId::Generate();
  ASSERT_TRUE(log->Append(kStream, {}, {Note("a", a)}).ok());
  auto r = log->Append(kStream, {}, {Note("changed", a)});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsConflict());
  EXPECT_NE(r.error().message().find("different content"), std::string::npos);
  auto other_stream = log->Append(StreamId{"case-2"}, {}, {Note("a", a)});
  EXPECT_TRUE(other_stream.error().IsConflict());
  EXPECT_EQ(log->Committed(), Position{1});
}

TEST(Append, DuplicateIdsWithinOneCommitGroupAreDeduplicated) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  EventId id = EventId::Generate();
  std::vector<std::thread> threads;
  std::atomic<int> dedups{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto r = log->Append(kStream, {}, {Note("same", id)});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (r->deduplicated) ++dedups;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(dedups.load(), 7);
  EXPECT_EQ(log->Committed(), Position{1});
}

TEST(Append, StateSurvivesReopen) {
  TempDir dir;
  {
    auto log = OpenLog(dir.path());
    ASSERT_TRUE(log->Append(kStream, {}, {Note("a"), Note("b")}).ok());
  }
  auto log = OpenLog(dir.path());
  EXPECT_EQ(log->Committed(), Position{2});
  auto r = log->Append(kStream, ExpectedVersion::Exactly(2), {Note("c")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first_position, Position{3});
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->events_checked, 3u);
}

TEST(Append, SecondOpenOfTheSameDirectoryIsUnavailable) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto second = EventLog::Open(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.error().message().find("in use"), std::string::npos);
}

}  // namespace
}  // namespace gridledger
