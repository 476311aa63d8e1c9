// The crash test. A child process (crash_writer_main.cc) appends batches of
// 1..4 events in durable mode from several threads and prints one line per
// acknowledged append. The parent SIGKILLs it at random moments, reopens the
// log each time and checks that:
//   * every acknowledged event is present, at its acknowledged position;
//   * no append is partly visible (event data is "<batch size>/<k>");
//   * positions have no gaps (ReadAll from 1 to Committed());
//   * the hash chain verifies.
// The random kill delay is the only wait; everything else is driven by the
// child's output pipe and process exit.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "log/crash_child.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Ack;
using testing::Child;
using testing::OpenLog;
using testing::TempDir;

constexpr int kIterations = 24;
constexpr int kWriterThreads = 8;
constexpr int kMinKillMs = 20;
constexpr int kMaxKillMs = 150;
constexpr uint64_t kSeed = 0x6c6f67;  // fixed: a failure can be replayed

// "<batch size>/<k>" of a crash_writer event.
struct Part {
  size_t batch = 0;
  size_t k = 0;
};
Part PartOf(const RecordedEvent& e) {
  const auto* opaque = std::get_if<OpaqueEvent>(&e.payload);
  Part part;
  if (!opaque || std::sscanf(opaque->data.c_str(), "%zu/%zu", &part.batch, &part.k) != 2)
    ADD_FAILURE() << "event at position " << e.position.value << " is not a crash_writer event";
  return part;
}

// Checks that `events` (consecutive) consist of whole appends only: each
// append's events are "n/0" .. "n/(n-1)" of one stream at consecutive
// versions. `where` names the sequence for messages.
void ExpectWholeBatches(const std::vector<RecordedEvent>& events, const std::string& where) {
  size_t i = 0;
  while (i < events.size()) {
    Part head = PartOf(events[i]);
    ASSERT_EQ(head.k, 0u) << where << ": position " << events[i].position.value
                          << " starts in the middle of an append";
    ASSERT_GE(head.batch, 1u);
    ASSERT_LE(i + head.batch, events.size())
        << where << ": the append at position " << events[i].position.value
        << " is partly visible (" << events.size() - i << " of " << head.batch << " events)";
    for (size_t k = 1; k < head.batch; ++k) {
      const RecordedEvent& e = events[i + k];
      Part part = PartOf(e);
      ASSERT_EQ(part.batch, head.batch) << where << ": position " << e.position.value;
      ASSERT_EQ(part.k, k) << where << ": position " << e.position.value;
      ASSERT_EQ(e.stream, events[i].stream) << where << ": position " << e.position.value;
      ASSERT_EQ(e.version.value, events[i].version.value + k);
      ASSERT_EQ(e.position.value, events[i].position.value + k);
    }
    i += head.batch;
  }
}

// Reopens the log after a kill and checks every property the test names.
void CheckRecoveredLog(const std::string& dir, const std::vector<Ack>& acks, int iteration) {
  SCOPED_TRACE("after kill #" + std::to_string(iteration));
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  const uint64_t committed = log->Committed().value;

  // No gaps: the global log holds exactly positions 1..committed.
  auto all = log->ReadAll(Position{1}, committed + 1);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), committed);
  for (uint64_t i = 0; i < committed; ++i) ASSERT_EQ((*all)[i].position.value, i + 1);

  // Every acknowledged append is present, whole, where it was acknowledged.
  for (const Ack& ack : acks) {
    ASSERT_EQ(ack.last - ack.first + 1, ack.batch);
    ASSERT_LE(ack.last, committed)
        << "acknowledged position " << ack.last << " of " << ack.stream << " was lost";
    for (size_t k = 0; k < ack.batch; ++k) {
      const RecordedEvent& e = (*all)[ack.first - 1 + k];
      ASSERT_EQ(e.stream.value, ack.stream);
      Part part = PartOf(e);
      ASSERT_EQ(part.batch, ack.batch);
      ASSERT_EQ(part.k, k);
    }
  }

  // No append is partly visible, in the global order...
  ExpectWholeBatches(*all, "global log");
  // ...nor in any stream, read through the stream index.
  std::map<std::string, uint64_t> stream_sizes;
  for (const auto& e : *all) ++stream_sizes[e.stream.value];
  uint64_t total = 0;
  for (const auto& [name, size] : stream_sizes) {
    auto events =
        log->ReadStream(StreamId{name}, StreamVersion{1}, ReadDirection::kForward, size + 1);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    ASSERT_EQ(events->size(), size) << name;
    for (uint64_t v = 0; v < size; ++v) ASSERT_EQ((*events)[v].version.value, v + 1);
    ExpectWholeBatches(*events, "stream " + name);
    auto head = log->Head(StreamId{name});
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->version.value, size) << name;
    total += size;
  }
  EXPECT_EQ(total, committed);

  // The hash chain verifies.
  auto report = log->Verify();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << "position " << report->first_bad_position.value_or(Position{}).value
                            << ": " << report->problem;
  EXPECT_EQ(report->events_checked, committed);
}

TEST(Crash, SigkillAtRandomMomentsLosesNoAcknowledgedEventAndTearsNoAppend) {
  TempDir dir;
  const std::string db = dir.Sub("db");
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<int> delay_ms(kMinKillMs, kMaxKillMs);
  std::vector<Ack> acks;  // everything acknowledged across all runs
  int runs_with_acks = 0;
  for (int i = 1; i <= kIterations; ++i) {
    size_t before = acks.size();
    {
      Child child(db, kWriterThreads);
      ASSERT_TRUE(child.ok());
      // Odd runs: a moment counted from the start (the kill may land
      // while the log opens); even runs: counted from the first
      // acknowledgement, so they always land while appends are in flight.
      ASSERT_TRUE(child.KillAfter(std::chrono::milliseconds(delay_ms(rng)), i % 2 == 0));
      acks.insert(acks.end(), child.acks().begin(), child.acks().end());
    }
    if (acks.size() > before) ++runs_with_acks;
    CheckRecoveredLog(db, acks, i);
    if (HasFatalFailure()) return;
  }
  // The kills must have landed while appends were in flight, not only
  // before the child opened the log.
  EXPECT_GE(runs_with_acks, kIterations / 2);
  RecordProperty("acknowledged_appends", static_cast<int>(acks.size()));
  std::printf("crash test: %d kills, %zu acknowledged appends, %d runs with acks\n", kIterations,
              acks.size(), runs_with_acks);
}

}  // namespace
}  // namespace gridledger
