// Catch-up subscriptions: history then live events, in order, no gaps or
// duplicates; arbitrary start; checkpoint resume; handler failure.
// Waiting is done with WaitUntilHandled, never with sleeps.
#include <chrono>
#include <future>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "log/log_test_util.h"

namespace gridledger {
namespace {

using namespace std::chrono_literals;
using testing::Note;
using testing::NoteText;
using testing::OpenLog;
using testing::TempDir;

constexpr auto kWait = 10s;  // generous: only reached when a test fails

// Collects what a subscription delivered, safe to read from the test thread.
class Recorder {
 public:
  SubscriptionHandler Handler() {
    return [this](const RecordedEvent& e) {
      std::lock_guard lock(mu_);
      positions_.push_back(e.position.value);
      texts_.push_back(NoteText(e));
      return Status::Ok();
    };
  }
  std::vector<uint64_t> Positions() const {
    std::lock_guard lock(mu_);
    return positions_;
  }
  std::vector<std::string> Texts() const {
    std::lock_guard lock(mu_);
    return texts_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<uint64_t> positions_;
  std::vector<std::string> texts_;
};

std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (uint64_t p = first; p <= last; ++p) out.push_back(p);
  return out;
}

void AppendNotes(EventLog& log, int count, const std::string& prefix = "n") {
  for (int i = 0; i < count; ++i)
    ASSERT_TRUE(log.Append(StreamId{"s-" + std::to_string(i % 3)}, {},
                           {Note(prefix + std::to_string(i))},
                           {.durability = Durability::kBuffered})
                    .ok());
}

TEST(Subscription, DeliversHistoryThenLiveEventsInOrderWithoutGapsOrDuplicates) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 50);
  Recorder recorder;
  // A small read batch makes the catch-up cross several batch boundaries.
  SubscriptionOptions options;
  options.read_batch = 7;
  auto sub = log->Subscribe(options, recorder.Handler());
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{50}, kWait));
  // Live: appended while the subscription waits, from several threads.
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w)
    writers.emplace_back([&, w] { AppendNotes(*log, 50, "live" + std::to_string(w) + "-"); });
  for (auto& t : writers) t.join();
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{200}, kWait));
  (*sub)->Stop();
  EXPECT_EQ(recorder.Positions(), Range(1, 200));
  EXPECT_EQ((*sub)->LastHandled(), Position{200});
  EXPECT_TRUE((*sub)->status().ok());
}

TEST(Subscription, DeliversEventsAppendedBeforeAndAfterItStartsOnAnEmptyLog) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  Recorder recorder;
  auto sub = log->Subscribe({}, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  AppendNotes(*log, 10);
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{10}, kWait));
  EXPECT_EQ(recorder.Positions(), Range(1, 10));
  EXPECT_EQ(recorder.Texts().front(), "n0");
}

TEST(Subscription, StartsAtAnArbitraryPosition) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 30);
  Recorder recorder;
  SubscriptionOptions options;
  options.start = Position{17};
  auto sub = log->Subscribe(options, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{30}, kWait));
  AppendNotes(*log, 5);
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{35}, kWait));
  (*sub)->Stop();
  EXPECT_EQ(recorder.Positions(), Range(17, 35));
  EXPECT_EQ(recorder.Texts().front(), "n16");
}

TEST(Subscription, StartBeyondTheEndWaitsForThatPosition) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 3);
  Recorder recorder;
  SubscriptionOptions options;
  options.start = Position{6};
  auto sub = log->Subscribe(options, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  AppendNotes(*log, 4);
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{7}, kWait));
  EXPECT_EQ(recorder.Positions(), Range(6, 7));
}

TEST(Subscription, WithACheckpointResumesAfterTheLastHandledEventWhenStopped) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 20);
  SubscriptionOptions options;
  options.checkpoint_name = "projector";
  options.checkpoint_every = 1000;  // so only Stop() saves it
  {
    Recorder first;
    auto sub = log->Subscribe(options, first.Handler());
    ASSERT_TRUE(sub.ok());
    ASSERT_TRUE((*sub)->WaitUntilHandled(Position{20}, kWait));
    (*sub)->Stop();
    EXPECT_EQ(first.Positions(), Range(1, 20));
  }
  auto saved = log->LoadCheckpoint("projector");
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(*saved, Position{20});

  AppendNotes(*log, 10, "later");
  Recorder second;
  auto sub = log->Subscribe(options, second.Handler());
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{30}, kWait));
  (*sub)->Stop();
  EXPECT_EQ(second.Positions(), Range(21, 30));
  EXPECT_EQ(second.Texts().front(), "later0");
}

TEST(Subscription, CheckpointTakesPrecedenceOverStart) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 10);
  ASSERT_TRUE(log->SaveCheckpoint("cp", Position{4}).ok());
  Recorder recorder;
  SubscriptionOptions options;
  options.checkpoint_name = "cp";
  options.start = Position{9};
  auto sub = log->Subscribe(options, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{10}, kWait));
  EXPECT_EQ(recorder.Positions(), Range(5, 10));
}

TEST(Subscription, CheckpointSurvivesReopeningTheLog) {
  TempDir dir;
  SubscriptionOptions options;
  options.checkpoint_name = "restart";
  options.checkpoint_every = 4;
  {
    auto log = OpenLog(dir.path());
    AppendNotes(*log, 12);
    Recorder recorder;
    auto sub = log->Subscribe(options, recorder.Handler());
    ASSERT_TRUE(sub.ok());
    ASSERT_TRUE((*sub)->WaitUntilHandled(Position{12}, kWait));
    (*sub)->Stop();
  }
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 3);
  Recorder recorder;
  auto sub = log->Subscribe(options, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{15}, kWait));
  EXPECT_EQ(recorder.Positions(), Range(13, 15));
}

TEST(Subscription, HandlerErrorStopsItAndStatusReportsTheError) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 10);
  std::mutex mu;
  std::vector<uint64_t> seen;
  SubscriptionOptions options;
  options.checkpoint_name = "failing";
  options.checkpoint_every = 1;
  auto sub = log->Subscribe(options, [&](const RecordedEvent& e) {
    std::lock_guard lock(mu);
    seen.push_back(e.position.value);
    if (e.position == Position{5}) return Status::Rejected("cannot project event 5");
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  // Returns false promptly (on failure), not after the timeout.
  EXPECT_FALSE((*sub)->WaitUntilHandled(Position{10}, kWait));
  Status status = (*sub)->status();
  EXPECT_EQ(status.code(), StatusCode::kRejected);
  EXPECT_NE(status.message().find("cannot project event 5"), std::string::npos);
  EXPECT_EQ((*sub)->LastHandled(), Position{4});
  // Nothing after the failure is delivered, even when more is appended.
  AppendNotes(*log, 2);
  (*sub)->Stop();
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(seen, Range(1, 5));
  }
  // The failed event is not checkpointed: a new run retries it.
  auto cp = log->LoadCheckpoint("failing");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(*cp, Position{4});
}

TEST(Subscription, StopIsIdempotentAndDestructionAfterStopIsSafe) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  Recorder recorder;
  auto sub = log->Subscribe({}, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  (*sub)->Stop();
  (*sub)->Stop();
  EXPECT_TRUE((*sub)->status().ok());
  EXPECT_EQ((*sub)->LastHandled(), Position{0});
}

TEST(Subscription, AWaitForTheNextCommitEndsWhenItsStopIsRequested) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 2);
  std::stop_source stop;
  auto waited = std::async(std::launch::async, [&] {
    return log->WaitForCommitted(Position{100}, std::chrono::hours(1), stop.get_token());
  });
  stop.request_stop();
  ASSERT_EQ(waited.wait_for(kWait), std::future_status::ready) << "the stop did not end the wait";
  EXPECT_EQ(waited.get(), Position{2});
  // Already requested: the wait returns at once.
  EXPECT_EQ(log->WaitForCommitted(Position{100}, std::chrono::hours(1), stop.get_token()),
            Position{2});
}

TEST(Subscription, StoppingACaughtUpSubscriptionDoesNotWaitOutItsIdleWait) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  AppendNotes(*log, 3);
  Recorder recorder;
  auto sub = log->Subscribe({}, recorder.Handler());
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{3}, kWait));
  // Caught up, the subscription waits up to a second for the next commit;
  // Stop() wakes it.
  auto started = std::chrono::steady_clock::now();
  (*sub)->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  EXPECT_EQ(recorder.Positions(), Range(1, 3));
}

TEST(Subscription, WithoutAHandlerIsInvalid) {
  TempDir dir;
  auto log = OpenLog(dir.path());
  auto sub = log->Subscribe({}, nullptr);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridledger
