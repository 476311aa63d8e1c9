// EventLogImpl::AppendAll: several streams in one atomic commit (the
// engine's import path).
#include "log/event_log_impl.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::NoteText;
using testing::TempDir;

std::unique_ptr<EventLogImpl> OpenImpl(const std::string& dir) {
  auto log = EventLogImpl::OpenImpl(dir, {}, {});
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(log).value() : nullptr;
}

TEST(AppendAll, CommitsEveryStreamConsecutively) {
  TempDir dir;
  auto log = OpenImpl(dir.path());
  std::vector<EventLogImpl::StreamAppend> parts;
  parts.push_back({StreamId{"a"}, ExpectedVersion::NoStream(), {Note("a1"), Note("a2")}});
  parts.push_back({StreamId{"b"}, ExpectedVersion::NoStream(), {Note("b1")}});
  auto r = log->AppendAll(std::move(parts), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].first_position, Position{1});
  EXPECT_EQ((*r)[1].first_position, Position{3});
  EXPECT_EQ(log->Committed(), Position{3});
  auto b = log->ReadStream(StreamId{"b"}, StreamVersion{1}, ReadDirection::kForward, 10);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ(NoteText(b->front()), "b1");
  auto verified = log->Verify({});
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->problem;
}

TEST(AppendAll, OneFailingPartWritesNothingOfAnyPart) {
  TempDir dir;
  auto log = OpenImpl(dir.path());
  ASSERT_TRUE(log->Append(StreamId{"taken"}, ExpectedVersion::NoStream(), {Note("x")}, {}).ok());
  std::vector<EventLogImpl::StreamAppend> parts;
  parts.push_back({StreamId{"fresh"}, ExpectedVersion::NoStream(), {Note("f")}});
  parts.push_back({StreamId{"taken"}, ExpectedVersion::NoStream(), {Note("t")}});
  auto r = log->AppendAll(std::move(parts), {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsConflict()) << r.error().ToString();
  EXPECT_EQ(log->Committed(), Position{1});
  auto head = log->Head(StreamId{"fresh"});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version, StreamVersion{0});
  // The writer is not left with the failed parts' state: the next append
  // takes position 2 and the chain verifies.
  auto next = log->Append(StreamId{"fresh"}, ExpectedVersion::NoStream(), {Note("g")}, {});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->first_position, Position{2});
  auto verified = log->Verify({});
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->problem;
}

TEST(AppendAll, StoredIdsAreAConflictNotAPartialReplay) {
  TempDir dir;
  auto log = OpenImpl(dir.path());
  EventId id = EventId::Generate();
  ASSERT_TRUE(log->Append(StreamId{"a"}, ExpectedVersion::NoStream(), {Note("a", id)}, {}).ok());
  std::vector<EventLogImpl::StreamAppend> parts;
  parts.push_back({StreamId{"b"}, ExpectedVersion::NoStream(), {Note("b")}});
  parts.push_back({StreamId{"a"}, ExpectedVersion::Any(), {Note("a", id)}});
  auto r = log->AppendAll(std::move(parts), {});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsConflict());
  EXPECT_EQ(log->Committed(), Position{1});
}

}  // namespace
}  // namespace gridledger
