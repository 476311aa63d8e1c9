// EventLog::AppendMulti: several streams, each with its own expected
// version, in one atomic commit; conflicts name the stream; a replay of the
// whole call is deduplicated, never doubled.
#include <atomic>
#include <thread>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::NoteText;
using testing::OpenLog;
using testing::TempDir;

std::vector<StreamAppend> ThreeStreams(const std::vector<EventId>& ids) {
  std::vector<StreamAppend> parts;
  parts.push_back({StreamId{"case-1"},
                   ExpectedVersion::NoStream(),
                   {Note("c1a", ids[0]), Note("c1b", ids[1])}});
  parts.push_back({StreamId{"case-2"}, ExpectedVersion::NoStream(), {Note("c2", ids[2])}});
  parts.push_back({StreamId{"inspection-p1"}, ExpectedVersion::Any(), {Note("ins", ids[3])}});
  return parts;
}

std::vector<EventId> Ids(size_t n) {
  std::vector<EventId> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(EventId::Generate());
  return ids;
}

TEST(AppendMulti, PartsLandAtConsecutivePositionsInTheOrderGiven) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log->Append(StreamId{"other"}, ExpectedVersion::Any(), {Note("x")}).ok());
  auto r = log->AppendMulti(ThreeStreams(Ids(4)));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].first_position, Position{2});
  EXPECT_EQ((*r)[0].last_position, Position{3});
  EXPECT_EQ((*r)[1].first_position, Position{4});
  EXPECT_EQ((*r)[2].first_position, Position{5});
  EXPECT_EQ((*r)[2].next_expected, StreamVersion{1});
  auto all = log->ReadAll(Position{1}, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 5u);
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].position.value, i + 1);
  EXPECT_EQ((*all)[1].stream.value, "case-1");
  EXPECT_EQ((*all)[2].version, StreamVersion{2});
  EXPECT_EQ((*all)[4].stream.value, "inspection-p1");
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST(AppendMulti, AConflictNamesTheStreamAndWritesNoPart) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log->Append(StreamId{"case-2"}, ExpectedVersion::Any(), {Note("first")}).ok());
  auto r = log->AppendMulti(ThreeStreams(Ids(4)));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsConflict());
  EXPECT_NE(r.error().message().find("stream case-2 "), std::string::npos) << r.error().message();
  EXPECT_EQ(log->Committed(), Position{1});
  auto head = log->Head(StreamId{"case-1"});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version.value, 0u);
  // The same call at the right version lands; positions go on without a gap.
  auto parts = ThreeStreams(Ids(4));
  parts[1].expected = ExpectedVersion::Exactly(1);
  auto ok = log->AppendMulti(std::move(parts));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].first_position, Position{2});
  EXPECT_EQ((*ok)[2].last_position, Position{5});
}

TEST(AppendMulti, ARetryOfTheWholeCallIsDeduplicatedNeverDoubled) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto ids = Ids(4);
  auto first = log->AppendMulti(ThreeStreams(ids));
  ASSERT_TRUE(first.ok());
  for (int retry = 0; retry < 3; ++retry) {
    auto again = log->AppendMulti(ThreeStreams(ids));
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    ASSERT_EQ(again->size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_TRUE((*again)[i].deduplicated);
      EXPECT_EQ((*again)[i].first_position, (*first)[i].first_position);
      EXPECT_EQ((*again)[i].last_position, (*first)[i].last_position);
    }
  }
  EXPECT_EQ(log->Committed(), Position{4});
  // Concurrent retries too: one writes, the others are replays.
  auto ids2 = Ids(4);
  auto parts = [&] {
    auto p = ThreeStreams(ids2);
    for (auto& part : p) {
      part.stream.value += "-b";
      part.expected = ExpectedVersion::Any();
    }
    return p;
  };
  std::vector<std::thread> threads;
  std::atomic<int> written{0}, replayed{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      auto r = log->AppendMulti(parts());
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ((*r)[0].deduplicated ? replayed : written)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(written.load(), 1);
  EXPECT_EQ(replayed.load(), 3);
  EXPECT_EQ(log->Committed(), Position{8});
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST(AppendMulti, APartialReplayIsAConflictNamingTheMissingStream) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto ids = Ids(4);
  ASSERT_TRUE(log->AppendMulti(ThreeStreams(ids)).ok());
  auto parts = ThreeStreams(ids);
  parts.push_back({StreamId{"case-9"}, ExpectedVersion::Any(), {Note("new")}});
  auto r = log->AppendMulti(std::move(parts));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsConflict());
  EXPECT_NE(r.error().message().find("stream case-9"), std::string::npos) << r.error().message();
  EXPECT_EQ(log->Committed(), Position{4});
}

TEST(AppendMulti, RefusesBadCallsNamingTheStream) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  EXPECT_EQ(log->AppendMulti({}).status().code(), StatusCode::kInvalidArgument);
  std::vector<StreamAppend> twice;
  twice.push_back({StreamId{"a"}, ExpectedVersion::Any(), {Note("1")}});
  twice.push_back({StreamId{"a"}, ExpectedVersion::Any(), {Note("2")}});
  EXPECT_EQ(log->AppendMulti(std::move(twice)).status().code(), StatusCode::kInvalidArgument);
  std::vector<StreamAppend> empty_part;
  empty_part.push_back({StreamId{"a"}, ExpectedVersion::Any(), {Note("1")}});
  empty_part.push_back({StreamId{"b"}, ExpectedVersion::Any(), {}});
  auto r = log->AppendMulti(std::move(empty_part));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("stream b"), std::string::npos) << r.error().message();
  EventId id = EventId::Generate();
  std::vector<StreamAppend> same_id;
  same_id.push_back({StreamId{"a"}, ExpectedVersion::Any(), {Note("1", id)}});
  same_id.push_back({StreamId{"b"}, ExpectedVersion::Any(), {Note("2", id)}});
  EXPECT_EQ(log->AppendMulti(std::move(same_id)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Committed(), Position{0});
}

TEST(AppendMulti, SharesCommitGroupsWithConcurrentAppends) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (i % 2 == 0) {
          std::vector<StreamAppend> parts;
          for (int s = 0; s < 3; ++s)
            parts.push_back({StreamId{"m" + std::to_string(t) + "-" + std::to_string(s)},
                             ExpectedVersion::Any(),
                             {Note("m"), Note("m")}});
          ASSERT_TRUE(log->AppendMulti(std::move(parts)).ok());
        } else {
          ASSERT_TRUE(
              log->Append(StreamId{"s" + std::to_string(t)}, ExpectedVersion::Any(), {Note("s")})
                  .ok());
        }
      }
    });
  for (auto& t : threads) t.join();
  // 4 threads x (25 multi x 6 events + 25 single).
  EXPECT_EQ(log->Committed(), Position{4 * (25 * 6 + 25)});
  auto all = log->ReadAll(Position{1}, 10000);
  ASSERT_TRUE(all.ok());
  // Each multi-append's 6 events are consecutive: m<t>-0, m<t>-0, m<t>-1, ...
  for (size_t i = 0; i < all->size(); ++i) {
    const auto& e = (*all)[i];
    if (e.stream.value[0] != 'm' || e.stream.value.back() != '0' || e.version.value % 2 == 0)
      continue;
    ASSERT_LE(i + 6, all->size());
    std::string base = e.stream.value.substr(0, e.stream.value.size() - 1);
    for (int k = 0; k < 6; ++k) EXPECT_EQ((*all)[i + k].stream.value, base + std::to_string(k / 2));
  }
  auto report = log->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

}  // namespace
}  // namespace gridledger
