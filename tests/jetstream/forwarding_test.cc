// Forwarding into a real three-node NATS JetStream cluster (ctest -L
// jetstream): every committed event lands exactly once, in order, at
// sequence = position, whatever is killed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <thread>

#include "gridledger/event_log.h"
#include "gridledger/forwarder.h"
#include "gridledger/jetstream.h"
#include "jetstream/nats_cluster.h"
#include "jetstream/stream_copy.h"
#include "testing/temp_dir.h"

namespace gridledger {
namespace {

using namespace std::chrono_literals;
using testing::ExpectExactCopy;
using testing::NatsCluster;
using testing::StoreCommitted;
using testing::StreamLastSequence;
using testing::TempDir;
using testing::WaitFor;

JetStreamOptions Options(const NatsCluster& cluster, const std::string& district, int replicas) {
  JetStreamOptions o;
  o.servers = cluster.urls();
  o.district = district;
  o.replicas = replicas;
  o.timeout = 2s;
  return *ValidateJetStreamOptions(o);
}

TEST(JetStreamSubjectTest, FollowsTheJurisdictionOfTheGridCode) {
  JetStreamOptions o;
  o.district = "411302";
  EXPECT_EQ(JetStreamSubject(o, "41130200100101", "CaseFiled"),
            "gridledger.411302.001.001.01.CaseFiled");
  EXPECT_EQ(JetStreamSubject(o, "411302001001101", "CaseFiled"),
            "gridledger.411302.001.001.101.CaseFiled");
  EXPECT_EQ(JetStreamSubject(o, "411302001002", "PatrolRecorded"),
            "gridledger.411302.001.002._.PatrolRecorded");
  EXPECT_EQ(JetStreamSubject(o, "411302003", "X"), "gridledger.411302.003._._.X");
  EXPECT_EQ(JetStreamSubject(o, "", "CredentialIssued"),
            "gridledger.411302._._._.CredentialIssued");
  // Another district's code, or no code: the partition's district, no parts.
  EXPECT_EQ(JetStreamSubject(o, "41130300100101", "CaseFiled"),
            "gridledger.411302._._._.CaseFiled");
  // Characters NATS gives meaning to never reach a token.
  EXPECT_EQ(JetStreamSubject(o, "", "crash.test *>"), "gridledger.411302._._._.crash_test___");
  o.subject_prefix = "gridledger.4113";
  EXPECT_EQ(JetStreamSubject(o, "41130200100101", "CaseFiled"),
            "gridledger.4113.411302.001.001.01.CaseFiled");
}

TEST(JetStreamSubjectTest, OptionsAreChecked) {
  JetStreamOptions o;
  EXPECT_FALSE(ValidateJetStreamOptions(o).ok());  // no servers
  o.servers = "nats://127.0.0.1:4222";
  EXPECT_FALSE(ValidateJetStreamOptions(o).ok());  // no district
  o.district = "4113";
  EXPECT_FALSE(ValidateJetStreamOptions(o).ok());
  o.district = "411302";
  auto v = ValidateJetStreamOptions(o);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->stream, "GL_411302");
}

// A child process running forward_writer (what gridledgerd --forward does,
// plus appenders).
class Writer {
 public:
  Writer(const std::string& dir, const JetStreamOptions& o, int threads) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::string replicas = std::to_string(o.replicas), t = std::to_string(threads);
      ::execl(GL_FORWARD_WRITER, GL_FORWARD_WRITER, dir.c_str(), o.servers.c_str(),
              o.district.c_str(), replicas.c_str(), t.c_str(), static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    ::close(out[1]);
    out_ = out[0];
  }
  ~Writer() {
    Kill();
    if (out_ >= 0) ::close(out_);
  }
  // Waits for the "ready" line.
  bool WaitReady(std::chrono::milliseconds deadline) {
    std::string got;
    auto until = std::chrono::steady_clock::now() + deadline;
    while (got.find("ready\n") == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[64];
      ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return false;
      got.append(buf, n);
    }
    return true;
  }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

TEST(ForwardingTest, EveryCommittedEventExactlyOnceAcrossTwentyKillNines) {
  NatsCluster cluster(3);
  TempDir dir;
  const std::string data = dir.Sub("store");
  const JetStreamOptions o = Options(cluster, "411302", 3);
  std::mt19937 random(20261201);
  uint64_t last_seen = 0;
  int killed_behind = 0;  // rounds whose kill left events to forward
  for (int round = 0; round < 20; ++round) {
    Writer writer(data, o, 4);
    ASSERT_TRUE(writer.WaitReady(20s)) << "round " << round;
    // Let forwarding get going in this round, then kill at a random moment.
    const uint64_t before = last_seen;
    ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) > before + 20; }, 30s))
        << "round " << round << ": forwarding made no progress";
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));  // the kill moment
    writer.Kill();
    const uint64_t committed = StoreCommitted(data);
    last_seen = StreamLastSequence(o);
    if (last_seen < committed) killed_behind++;
    ASSERT_LE(last_seen, committed) << "the stream ran ahead of the log in round " << round;
  }
  // A last run without appends forwards whatever the kills left behind.
  const uint64_t committed = StoreCommitted(data);
  Writer catch_up(data, o, 0);
  ASSERT_TRUE(catch_up.WaitReady(20s));
  ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) == committed; }, 60s))
      << StreamLastSequence(o) << " of " << committed;
  catch_up.Kill();
  ExpectExactCopy(data, o);
  std::printf("%llu events across 20 kills, %d of them with events still to forward\n",
              static_cast<unsigned long long>(committed), killed_behind);
}

// Appends from a thread until stopped, durably, one to four events a time.
class Appender {
 public:
  explicit Appender(EventLog& log, const std::string& district) : log_(log) {
    thread_ = std::thread([this, district] {
      for (uint64_t i = 0; !stop_; ++i) {
        std::vector<NewEvent> events;
        for (size_t k = 0; k <= i % 4; ++k) {
          NewEvent e;
          e.payload = OpaqueEvent{"forward.test", std::to_string(i)};
          e.grid_code = k % 2 ? district + "00100101" : "";
          events.push_back(std::move(e));
        }
        auto start = std::chrono::steady_clock::now();
        auto r = log_.Append(StreamId{"a-" + std::to_string(i % 11)}, ExpectedVersion::Any(),
                             std::move(events));
        auto took = std::chrono::steady_clock::now() - start;
        if (!r.ok()) {
          failed_ = true;
          return;
        }
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
        if (ms > slowest_ms_) slowest_ms_ = ms;
      }
    });
  }
  ~Appender() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  bool failed() const { return failed_; }
  int64_t slowest_ms() const { return slowest_ms_; }

 private:
  EventLog& log_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
  std::atomic<int64_t> slowest_ms_{0};
  std::thread thread_;
};

TEST(ForwardingTest, ANatsNodeKilledAndRestartedLosesAndDoublesNothing) {
  NatsCluster cluster(3);
  TempDir dir;
  const JetStreamOptions o = Options(cluster, "411303", 3);
  auto log = EventLog::Open(dir.Sub("store"));
  ASSERT_TRUE(log.ok());
  auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(o).value());
  Appender appender(**log, o.district);
  auto forwarded = [&] { return forwarder->status().forwarded.value; };
  ASSERT_TRUE(WaitFor([&] { return forwarded() > 200; }, 30s));
  const int leader = testing::StreamLeaderIndex(o);
  ASSERT_GE(leader, 0);
  cluster.Kill(leader);  // the stream's leader: R3 elects another
  const uint64_t at_kill = (*log)->Committed().value;
  ASSERT_TRUE(WaitFor([&] { return forwarded() > at_kill + 200; }, 60s))
      << "forwarding did not continue on two nodes: " << forwarder->status().last_error;
  cluster.Start(leader);
  ASSERT_TRUE(cluster.WaitReady().ok());
  const uint64_t at_restart = (*log)->Committed().value;
  ASSERT_TRUE(WaitFor([&] { return forwarded() > at_restart + 200; }, 60s))
      << forwarder->status().last_error;
  appender.Stop();
  ASSERT_FALSE(appender.failed());
  const Position committed = (*log)->Committed();
  ASSERT_TRUE(forwarder->WaitForwarded(committed, 60s)) << forwarder->status().last_error;
  forwarder->Stop();
  ExpectExactCopy(dir.Sub("store"), o);
}

TEST(ForwardingTest, WhileJetStreamIsDownAppendsGoOnAndForwardingCatchesUpAfter) {
  NatsCluster cluster(3);
  TempDir dir;
  const JetStreamOptions o = Options(cluster, "411304", 3);
  auto log = EventLog::Open(dir.Sub("store"));
  ASSERT_TRUE(log.ok());
  ForwarderOptions fo;
  fo.backoff_max = 500ms;
  auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(o).value(), fo);
  {
    Appender appender(**log, o.district);
    ASSERT_TRUE(WaitFor([&] { return forwarder->status().forwarded.value > 100; }, 30s));
    for (int i = 0; i < cluster.size(); ++i) cluster.Kill(i);
    ASSERT_TRUE(WaitFor([&] { return !forwarder->status().connected; }, 30s));
    // The log keeps taking appends while nothing can be forwarded.
    const uint64_t at_outage = (*log)->Committed().value;
    ASSERT_TRUE(WaitFor([&] { return (*log)->Committed().value > at_outage + 2000; }, 60s));
    appender.Stop();
    EXPECT_FALSE(appender.failed());
    EXPECT_LT(appender.slowest_ms(), 1000) << "an append waited on forwarding";
  }
  const Position committed = (*log)->Committed();
  ForwarderStatus down = forwarder->status();
  EXPECT_GT(down.lag(), 2000u);
  EXPECT_GT(down.failures, 0u);
  EXPECT_FALSE(down.last_error.empty());
  for (int i = 0; i < cluster.size(); ++i) cluster.Start(i);
  ASSERT_TRUE(cluster.WaitReady().ok());
  ASSERT_TRUE(forwarder->WaitForwarded(committed, 120s)) << forwarder->status().last_error;
  EXPECT_EQ(forwarder->status().lag(), 0u);
  forwarder->Stop();
  ExpectExactCopy(dir.Sub("store"), o);
}

TEST(ForwardingTest, RefusesAStreamThatHoldsAnotherLog) {
  NatsCluster cluster(1);
  TempDir dir;
  const JetStreamOptions o = Options(cluster, "411305", 1);
  {
    auto log = EventLog::Open(dir.Sub("a"));
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 5; ++i) {
      NewEvent e;
      e.payload = OpaqueEvent{"t", std::to_string(i)};
      ASSERT_TRUE((*log)->Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).ok());
    }
    auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(o).value());
    ASSERT_TRUE(forwarder->WaitForwarded(Position{5}, 30s));
  }
  // Another store with fewer events: its log is behind the stream.
  auto other = EventLog::Open(dir.Sub("b"));
  ASSERT_TRUE(other.ok());
  NewEvent e;
  e.payload = OpaqueEvent{"t", "other"};
  ASSERT_TRUE((*other)->Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).ok());
  auto forwarder = Forwarder::Start(**other, MakeJetStreamSink(o).value());
  ASSERT_TRUE(WaitFor([&] { return forwarder->status().failed; }, 30s));
  EXPECT_NE(forwarder->status().last_error.find("behind its stream"), std::string::npos)
      << forwarder->status().last_error;
  EXPECT_EQ(StreamLastSequence(o), 5u);
}

}  // namespace
}  // namespace gridledger
