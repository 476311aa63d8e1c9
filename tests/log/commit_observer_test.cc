// The writer's hook for read models (CommitObserver): it is handed each
// group's events exactly as they read back, built without decoding the
// bytes just encoded, and its refusal fails the whole group.
#include "log/event_log_impl.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::TempDir;

// Field by field: RecordedEvent has no operator==.
void ExpectSame(const RecordedEvent& a, const RecordedEvent& b) {
  testing::ExpectSameEnvelope(a, b);
  EXPECT_TRUE(a.payload == b.payload) << "payloads differ at position " << a.position.value;
}

class Recorder final : public CommitObserver {
 public:
  Status OnGroup(std::vector<RecordedEvent>& events, StoreBatch&) override {
    if (!refusal.ok()) return refusal;
    for (auto& e : events) seen.push_back(std::move(e));
    return Status::Ok();
  }
  void OnGroupFailed() override { ++failed; }
  void OnGroupCommitted() override { ++committed; }

  Status refusal;
  std::vector<RecordedEvent> seen;
  int failed = 0, committed = 0;
};

std::unique_ptr<EventLogImpl> OpenImpl(const std::string& dir) {
  auto log = EventLogImpl::OpenImpl(dir, {}, {});
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(log).value() : nullptr;
}

// Through the public interface (its default arguments).
EventLog& Public(EventLogImpl& log) { return log; }

TEST(CommitObserver, SeesEveryEventExactlyAsItReadsBack) {
  TempDir dir;
  auto log = OpenImpl(dir.path());
  Recorder recorder;
  log->SetCommitObserver(&recorder);
  NewEvent dated = Note("with a time", EventId::Generate());
  dated.occurred_at = FromMicros(1'700'000'000'000'000);
  dated.correlation_id = EventId::Generate();
  dated.causation_id = EventId::Generate();
  NewEvent opaque;
  opaque.payload = OpaqueEvent{"test.thing", std::string("bytes\0with nul", 14)};
  CaseFiled filed;
  filed.category = "sewer";
  filed.description = "下水道堵了";
  filed.location.grid_code = "41130200100101";
  filed.reporter = SealedField{"p-1", "nonce", "cipher"};
  NewEvent filing;
  filing.payload = filed;
  ASSERT_TRUE(
      Public(*log).Append(StreamId{"a"}, ExpectedVersion::Any(), {Note("plain"), dated}).ok());
  ASSERT_TRUE(Public(*log).Append(StreamId{"b"}, ExpectedVersion::Any(), {opaque, filing}).ok());
  auto stored = log->ReadAll(Position{1}, 10);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(recorder.seen.size(), 4u);
  ASSERT_EQ(stored->size(), 4u);
  for (size_t i = 0; i < 4; ++i) ExpectSame(recorder.seen[i], (*stored)[i]);
  EXPECT_EQ(recorder.committed, 2);
}

TEST(CommitObserver, ARefusalFailsTheWholeGroupAndWritesNothing) {
  TempDir dir;
  auto log = OpenImpl(dir.path());
  Recorder recorder;
  log->SetCommitObserver(&recorder);
  ASSERT_TRUE(Public(*log).Append(StreamId{"a"}, ExpectedVersion::Any(), {Note("kept")}).ok());
  recorder.refusal = Status::Internal("the read model cannot take this");
  auto refused = Public(*log).Append(StreamId{"a"}, ExpectedVersion::Any(), {Note("refused")});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInternal);
  EXPECT_EQ(recorder.failed, 1);
  EXPECT_EQ(log->Committed(), Position{1});
  auto head = log->Head(StreamId{"a"});
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version, StreamVersion{1});
  // The log goes on: the position is handed out again.
  recorder.refusal = Status::Ok();
  auto next = Public(*log).Append(StreamId{"a"}, ExpectedVersion::Exactly(1), {Note("next")});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->first_position, Position{2});
  auto report = Public(*log).Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST(AppendIds, ManyIdsInOneAppendAreCheckedInLinearTime) {
  TempDir dir;
  auto log = OpenImpl(dir.path());
  std::vector<NewEvent> events;
  for (int i = 0; i < 100000; ++i) events.push_back(Note("n", EventId::Generate()));
  // 100,000 supplied ids: a quadratic check would take minutes here.
  ASSERT_TRUE(Public(*log).Append(StreamId{"bulk"}, ExpectedVersion::Any(), events).ok());
  events.back().id = events.front().id;
  auto twice = Public(*log).Append(StreamId{"bulk2"}, ExpectedVersion::Any(), events);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("appears twice"), std::string::npos);
}

}  // namespace
}  // namespace gridledger
