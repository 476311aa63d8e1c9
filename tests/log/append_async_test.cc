// EventLog::AppendAsync: the same rules as Append, outcomes delivered to a
// callback exactly once; nothing queued is lost when the log closes.
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::NoteText;
using testing::OpenLog;
using testing::TempDir;

// Collects callback outcomes; Wait() blocks until `n` have arrived.
class Outcomes {
 public:
  EventLog::AppendCallback Slot(size_t index) {
    return [this, index](Result<AppendResult> r) {
      std::lock_guard lock(mu_);
      results_.resize(std::max(results_.size(), index + 1), Status::Internal("missing"));
      results_[index] = std::move(r);
      ++calls_;
      cv_.notify_all();
    };
  }
  void Wait(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return calls_ >= n; });
  }
  size_t calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }
  Result<AppendResult> at(size_t i) {
    std::lock_guard lock(mu_);
    return results_.at(i);
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Result<AppendResult>> results_;
  size_t calls_ = 0;
};

TEST(AppendAsync, CommitsInQueueOrderAndIsReadableWhenTheCallbackRuns) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  Outcomes outcomes;
  constexpr size_t kAppends = 500;
  std::vector<bool> readable(kAppends, false);
  std::mutex mu;
  for (size_t i = 0; i < kAppends; ++i) {
    // Exact expected versions only hold if appends commit in queue order.
    auto expected = i == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exactly(i);
    auto slot = outcomes.Slot(i);
    log->AppendAsync(StreamId{"case-1"}, expected, {Note("n" + std::to_string(i))},
                     [&, i, slot](Result<AppendResult> r) {
                       if (r.ok()) {
                         auto read = log->ReadStream(StreamId{"case-1"}, StreamVersion{i + 1},
                                                     ReadDirection::kForward, 1);
                         std::lock_guard lock(mu);
                         readable[i] = read.ok() && read->size() == 1 &&
                                       NoteText(read->front()) == "n" + std::to_string(i);
                       }
                       slot(std::move(r));
                     });
  }
  outcomes.Wait(kAppends);
  for (size_t i = 0; i < kAppends; ++i) {
    auto r = outcomes.at(i);
    ASSERT_TRUE(r.ok()) << i << ": " << r.status().ToString();
    EXPECT_EQ(r->first_position, Position{i + 1});
    EXPECT_EQ(r->next_expected, StreamVersion{i + 1});
    std::lock_guard lock(mu);
    EXPECT_TRUE(readable[i]) << i;
  }
  EXPECT_EQ(log->Committed(), Position{kAppends});
}

TEST(AppendAsync, ConflictsAndDuplicatesAreReportedLikeAppend) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  const EventId id = EventId::Generate();
  ASSERT_TRUE(log->Append(StreamId{"case-1"}, ExpectedVersion::NoStream(), {Note("a", id)}).ok());
  Outcomes outcomes;
  log->AppendAsync(StreamId{"case-1"}, ExpectedVersion::NoStream(), {Note("b")}, outcomes.Slot(0));
  log->AppendAsync(StreamId{"case-1"}, ExpectedVersion::Any(), {Note("a", id)}, outcomes.Slot(1));
  log->AppendAsync(StreamId{"case-1"}, ExpectedVersion::Any(), {Note("other", id)},
                   outcomes.Slot(2));
  outcomes.Wait(3);
  EXPECT_TRUE(outcomes.at(0).error().IsConflict());
  ASSERT_TRUE(outcomes.at(1).ok());
  EXPECT_TRUE(outcomes.at(1)->deduplicated);
  EXPECT_EQ(outcomes.at(1)->first_position, Position{1});
  EXPECT_TRUE(outcomes.at(2).error().IsConflict());
  EXPECT_EQ(log->Committed(), Position{1});
}

TEST(AppendAsync, InvalidArgumentsAreReportedBeforeItReturns) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  Outcomes outcomes;
  log->AppendAsync(StreamId{"case-1"}, {}, {}, outcomes.Slot(0));
  EXPECT_EQ(outcomes.calls(), 1u);  // on this thread, already
  EXPECT_EQ(outcomes.at(0).status().code(), StatusCode::kInvalidArgument);
  log->AppendAsync(StreamId{""}, {}, {Note("a")}, outcomes.Slot(1));
  EXPECT_EQ(outcomes.calls(), 2u);
  EXPECT_EQ(outcomes.at(1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Committed(), Position{0});
}

TEST(AppendAsync, ClosingTheLogDeliversEveryQueuedAppendAndKeepsThem) {
  TempDir dir;
  constexpr size_t kAppends = 2000;
  Outcomes outcomes;
  {
    auto log = OpenLog(dir.path());
    for (size_t i = 0; i < kAppends; ++i)
      log->AppendAsync(StreamId{"case-" + std::to_string(i % 7)}, ExpectedVersion::Any(),
                       {Note("n")}, outcomes.Slot(i));
  }  // destroyed with appends still queued
  EXPECT_EQ(outcomes.calls(), kAppends);
  for (size_t i = 0; i < kAppends; ++i) ASSERT_TRUE(outcomes.at(i).ok()) << i;
  auto reopened = OpenLog(dir.path());
  EXPECT_EQ(reopened->Committed(), Position{kAppends});
  auto verified = reopened->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->problem;
}

TEST(AppendAsync, AThrowingCallbackDoesNotStopTheWriter) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  log->AppendAsync(StreamId{"case-1"}, {}, {Note("a")},
                   [](Result<AppendResult>) { throw std::runtime_error("caller bug"); });
  auto r = log->Append(StreamId{"case-1"}, ExpectedVersion::Exactly(1), {Note("b")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->next_expected, StreamVersion{2});
}

TEST(AppendAsync, ACallbackMayQueueTheNextAppend) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  Outcomes outcomes;
  auto second = outcomes.Slot(1);
  log->AppendAsync(StreamId{"case-1"}, ExpectedVersion::NoStream(), {Note("a")},
                   [&, first = outcomes.Slot(0)](Result<AppendResult> r) {
                     bool ok = r.ok();
                     first(std::move(r));
                     if (ok)
                       log->AppendAsync(StreamId{"case-1"}, ExpectedVersion::Exactly(1),
                                        {Note("b")}, second);
                   });
  outcomes.Wait(2);
  ASSERT_TRUE(outcomes.at(1).ok()) << outcomes.at(1).status().ToString();
  EXPECT_EQ(outcomes.at(1)->next_expected, StreamVersion{2});
}

}  // namespace
}  // namespace gridledger
