// The lease inside the commit path (SetWriteLease, gridledger/replica.h):
// a log whose writes a partition lease bounds commits a group only while
// the lease is confirmed, and never acknowledges an append after the
// lease's limit, even one whose group was already on its way to disk.
#include <gtest/gtest.h>

#include <future>

#include "gridledger/replica.h"
#include "log/event_log_impl.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using namespace std::chrono_literals;
using testing::Note;
using testing::TempDir;

constexpr const char* kLease = "partition 411302's lease in GL_LEASES";

std::chrono::steady_clock::time_point In(std::chrono::milliseconds d) {
  return std::chrono::steady_clock::now() + d;
}

TEST(WriteLease, AnUnarmedLogIsNotBounded) {
  TempDir dir;
  auto log = testing::OpenLog(dir.path());
  EXPECT_TRUE(log->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("free")}).ok());
  EXPECT_EQ(SetWriteLease(*log, In(1h), "").code(), StatusCode::kInvalidArgument);
}

TEST(WriteLease, WritesAreTakenOnlyWhileTheLeaseIsConfirmed) {
  TempDir dir;
  auto log = testing::OpenLog(dir.path());
  // Armed but never confirmed (a forwarder that has not reached its
  // cluster yet): nothing is taken.
  ASSERT_TRUE(SetWriteLease(*log, std::chrono::steady_clock::time_point{}, kLease).ok());
  auto first = log->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("too early")});
  ASSERT_EQ(first.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(first.status().message().find(kLease), std::string::npos) << first.status().message();
  EXPECT_NE(first.status().message().find("not confirmed yet"), std::string::npos);
  EXPECT_EQ(log->Committed().value, 0u);

  ASSERT_TRUE(SetWriteLease(*log, In(1h), kLease).ok());
  ASSERT_TRUE(log->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("one")}).ok());
  ASSERT_TRUE(log->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("two")}).ok());

  // Lapsed: every kind of write is refused, nothing is written.
  ASSERT_TRUE(SetWriteLease(*log, In(-5ms), kLease).ok());
  auto blocking = log->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("late")});
  EXPECT_EQ(blocking.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(blocking.status().message().find("lapsed"), std::string::npos)
      << blocking.status().message();
  std::promise<Status> answered;
  log->AppendAsync(StreamId{"s"}, ExpectedVersion::Any(), {Note("late, async")},
                   [&](Result<AppendResult> r) { answered.set_value(r.status()); });
  EXPECT_EQ(answered.get_future().get().code(), StatusCode::kUnavailable);
  std::vector<StreamAppend> parts;
  parts.push_back(StreamAppend{StreamId{"a"}, ExpectedVersion::Any(), {Note("a")}});
  parts.push_back(StreamAppend{StreamId{"b"}, ExpectedVersion::Any(), {Note("b")}});
  EXPECT_EQ(log->AppendMulti(std::move(parts)).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(log->Committed().value, 2u);

  // Confirmed again: taken again, at the next position.
  ASSERT_TRUE(SetWriteLease(*log, In(1h), kLease).ok());
  auto again = log->Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("three")});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->first_position.value, 3u);
}

// Lapses the lease while the writer is committing a group (the observer
// runs between the writer's check before staging and the write itself):
// the stand-in for a disk that stalls longer than the lease's margin.
class LapsesTheLease final : public CommitObserver {
 public:
  explicit LapsesTheLease(EventLog& log) : log_(log) {}
  Status OnGroup(std::vector<RecordedEvent>&, StoreBatch&) override {
    if (lapse) (void)SetWriteLease(log_, In(-1ms), kLease);
    return Status::Ok();
  }
  void OnGroupFailed() override {}
  void OnGroupCommitted() override {}
  std::atomic<bool> lapse{false};

 private:
  EventLog& log_;
};

TEST(WriteLease, AGroupDurableAfterTheLeaseLapsedIsNeverAcknowledgedAndItsRetryDoesNotDouble) {
  TempDir dir;
  auto opened = EventLogImpl::OpenImpl(dir.path(), {}, {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EventLog& log = **opened;
  LapsesTheLease observer(log);
  (*opened)->SetCommitObserver(&observer);
  ASSERT_TRUE(SetWriteLease(log, In(1h), kLease).ok());
  ASSERT_TRUE(log.Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("before")}).ok());

  const EventId id = EventId::Generate();
  observer.lapse = true;
  auto unknown = log.Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("in flight", id)});
  observer.lapse = false;
  ASSERT_EQ(unknown.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(unknown.status().message().find("outcome is unknown"), std::string::npos)
      << unknown.status().message();
  // It is committed locally all the same: positions stay gap-free.
  EXPECT_EQ(log.Committed().value, 2u);

  // The lease confirmed again, the client retries with the same id: the
  // log answers with the first commit, and holds the event once.
  ASSERT_TRUE(SetWriteLease(log, In(1h), kLease).ok());
  auto retry = log.Append(StreamId{"s"}, ExpectedVersion::Any(), {Note("in flight", id)});
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_TRUE(retry->deduplicated);
  EXPECT_EQ(retry->first_position.value, 2u);
  EXPECT_EQ(log.Committed().value, 2u);
}

}  // namespace
}  // namespace gridledger
