// Forwarding into a real three-node NATS JetStream cluster (ctest -L
// jetstream): every committed event lands exactly once, in order, at
// sequence = position, whatever is killed.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "gridledger/event_log.h"
#include "gridledger/forwarder.h"
#include "gridledger/jetstream.h"
#include "gridledger/replica.h"
#include "gridledger/standby.h"
#include "jetstream/nats_cluster.h"
#include "jetstream/stream_copy.h"
#include "nlohmann/json.hpp"
#include "testing/certificates.h"
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

// Appends `n` opaque events "0", "1", ... to stream "s", one per append.
void AppendNumbered(EventLog& log, int n) {
  for (int i = 0; i < n; ++i) {
    NewEvent e;
    e.payload = OpaqueEvent{"t", std::to_string(i)};
    ASSERT_TRUE(log.Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).ok());
  }
}

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
  EXPECT_EQ(JetStreamSubject(o, "41130200100101", "caseFiled"),
            "gridledger.411302.001.001.01.caseFiled");
  EXPECT_EQ(JetStreamSubject(o, "411302001001101", "caseFiled"),
            "gridledger.411302.001.001.101.caseFiled");
  EXPECT_EQ(JetStreamSubject(o, "411302001002", "patrolRecorded"),
            "gridledger.411302.001.002._.patrolRecorded");
  EXPECT_EQ(JetStreamSubject(o, "411302003", "X"), "gridledger.411302.003._._.X");
  EXPECT_EQ(JetStreamSubject(o, "", "credentialIssued"),
            "gridledger.411302._._._.credentialIssued");
  // Another district's code, or no code: the partition's district, no parts.
  EXPECT_EQ(JetStreamSubject(o, "41130300100101", "caseFiled"),
            "gridledger.411302._._._.caseFiled");
  // Characters NATS gives meaning to never reach a token.
  EXPECT_EQ(JetStreamSubject(o, "", "crash.test *>"), "gridledger.411302._._._.crash_test___");
  o.subject_prefix = "gridledger.4113";
  EXPECT_EQ(JetStreamSubject(o, "41130200100101", "caseFiled"),
            "gridledger.4113.411302.001.001.01.caseFiled");
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
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
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
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
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
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
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
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const JetStreamOptions o = Options(cluster, "411305", 1);
  {
    auto log = EventLog::Open(dir.Sub("a"));
    ASSERT_TRUE(log.ok());
    AppendNumbered(**log, 5);
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

// A city hub's cluster is not open: a user with a password, over TLS. The
// forwarder and the command line take the log there with the right
// credentials and are refused, saying why, with wrong ones.
TEST(ForwardingTest, AClusterWithTlsAndAPasswordTakesTheLogOnlyWithTheRightCredentials) {
  TempDir dir;
  const testing::Certificates certs = testing::MakeCertificates(dir.path());
  NatsCluster cluster(1, {.user = "gl-411306",
                          .password = "s3cret-411306",
                          .tls_cert = certs.server_cert,
                          .tls_key = certs.server_key,
                          .tls_ca = certs.ca});
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  std::ofstream(dir.Sub("password")) << "s3cret-411306\n";
  std::ofstream(dir.Sub("wrong")) << "guess\n";
  JetStreamOptions o = Options(cluster, "411306", 1);
  o.user = "gl-411306";
  o.password_file = dir.Sub("password");
  o.tls_ca_file = certs.ca;

  auto log = EventLog::Open(dir.Sub("store"));
  ASSERT_TRUE(log.ok());
  AppendNumbered(**log, 5);
  {
    auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(o).value());
    ASSERT_TRUE(forwarder->WaitForwarded(Position{5}, 30s)) << forwarder->status().last_error;
  }
  EXPECT_EQ(StreamLastSequence(o), 5u);

  JetStreamOptions wrong = o;
  wrong.password_file = dir.Sub("wrong");
  auto refused = ReadJetStreamState(wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(refused.status().message().find("Authorization"), std::string::npos)
      << refused.status().message();
  JetStreamOptions plain = o;
  plain.tls_ca_file.clear();
  EXPECT_FALSE(ReadJetStreamState(plain).ok()) << "the server requires TLS";
  JetStreamOptions stranger = o;
  stranger.tls_ca_file = certs.other_ca;
  EXPECT_FALSE(ReadJetStreamState(stranger).ok()) << "a certificate from another CA";
  JetStreamOptions no_key = o;
  no_key.tls_cert_file = certs.client_cert;
  EXPECT_EQ(ValidateJetStreamOptions(no_key).status().code(), StatusCode::kInvalidArgument);

  // The operator's command line, as they would type it.
  log->reset();
  std::string base = std::string(GL_CLI) + " --data " + dir.Sub("store") +
                     " --json forward status --nats " + cluster.urls() +
                     " --district 411306 --nats-user gl-411306 --nats-ca " + certs.ca;
  auto status = testing::Shell(base + " --nats-password-file " + dir.Sub("password"));
  ASSERT_EQ(status.exit_code, 0) << status.out;
  EXPECT_NE(status.out.find("\"lag\": 0"), std::string::npos) << status.out;
  auto denied = testing::Shell(base + " --nats-password-file " + dir.Sub("wrong"));
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_NE(denied.out.find("Authorization Violation"), std::string::npos) << denied.out;
  EXPECT_EQ(denied.out.find("in use by another process"), std::string::npos) << denied.out;
}

// Sends `events` and waits until the stream has answered every one: OK
// when all of them were stored.
Status Publish(ForwardSink& sink, std::span<const ForwardEvent> events) {
  GL_RETURN_IF_ERROR(sink.Send(events));
  auto confirmed = sink.Confirmed(events.back().position, 30s);
  if (!confirmed.ok()) return confirmed.error();
  if (*confirmed < events.back().position) return Status::Unavailable("not all confirmed");
  return Status::Ok();
}

TEST(ForwardingTest, TheStreamRefusesAnEventThatDoesNotFollowOn) {
  NatsCluster cluster(1);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  const JetStreamOptions o = Options(cluster, "411306", 1);
  auto sink = MakeJetStreamSink(o);
  ASSERT_TRUE(sink.ok());
  auto tail = (*sink)->Tail();  // creates the stream
  ASSERT_TRUE(tail.ok()) << tail.status().ToString();
  EXPECT_EQ(tail->position.value, 0u);
  const std::string bytes = "not decoded by the sink";
  auto event = [&](uint64_t position, uint64_t id) {
    return ForwardEvent{Position{position}, EventId{0, id}, "s", "t", "", bytes};
  };
  ForwardEvent first = event(1, 1);
  ASSERT_TRUE(Publish(**sink, {&first, 1}).ok());
  ForwardEvent gap = event(3, 3);
  EXPECT_FALSE(Publish(**sink, {&gap, 1}).ok()) << "a gap";
  (*sink)->Disconnect();
  ForwardEvent again = event(1, 9);
  EXPECT_FALSE(Publish(**sink, {&again, 1}).ok()) << "not connected";
  ASSERT_TRUE((*sink)->Tail().ok());
  EXPECT_FALSE(Publish(**sink, {&again, 1}).ok()) << "position 1 twice, another id";
  ASSERT_TRUE((*sink)->Tail().ok());
  // A batch whose middle event is missing: only what follows on is stored.
  ForwardEvent batch[] = {event(2, 2), event(4, 4), event(5, 5)};
  EXPECT_FALSE(Publish(**sink, batch).ok());
  auto after = (*sink)->Tail();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->position.value, 2u);
  EXPECT_EQ(after->last_id, (EventId{0, 2}));
  EXPECT_EQ(StreamLastSequence(o), 2u);
}

// Runs `command` under bash; its exit status and stdout.
std::pair<int, std::string> Shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return {-1, ""};
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// GET `path` from 127.0.0.1:`port`; the body ("" on failure).
std::string HttpGet(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) reply.append(buf, n);
    }
  }
  ::close(fd);
  size_t body = reply.find("\r\n\r\n");
  return body == std::string::npos ? "" : reply.substr(body + 4);
}

// The value of an unlabelled series in a Prometheus text page; -1 if absent.
double Metric(const std::string& page, const std::string& name) {
  size_t at = 0;
  while ((at = page.find(name + " ", at)) != std::string::npos) {
    if (at == 0 || page[at - 1] == '\n') return std::stod(page.substr(at + name.size() + 1));
    at += name.size();
  }
  return -1;
}

TEST(ForwardingTest, GridledgerdForwardsItsLogAndReportsTheLag) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const std::string data = dir.Sub("store");
  ASSERT_EQ(Shell(std::string(GL_CLI) + " --data " + data + " simulate --days 3 >/dev/null").first,
            0);
  const JetStreamOptions o = Options(cluster, "411302", 3);
  const std::string socket = dir.Sub("gl.sock");
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execl(GL_DAEMON, GL_DAEMON, "--data", data.c_str(), "--socket", socket.c_str(),
            "--http-insecure-loopback", "127.0.0.1:0", "--forward", o.servers.c_str(),
            "--forward-district", "411302", "--forward-replicas", "3", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(out[1]);
  std::string ready;
  while (ready.find('\n') == std::string::npos) {
    pollfd p{out[0], POLLIN, 0};
    ASSERT_GT(::poll(&p, 1, 30000), 0) << "no ready line";
    char buf[256];
    ssize_t n = ::read(out[0], buf, sizeof buf);
    ASSERT_GT(n, 0);
    ready.append(buf, n);
  }
  size_t http = ready.find("http:127.0.0.1:");
  ASSERT_NE(http, std::string::npos) << ready;
  const int port = std::stoi(ready.substr(http + 15));
  std::string page;
  ASSERT_TRUE(WaitFor(
      [&] {
        page = HttpGet(port, "/metrics");
        return Metric(page, "gridledger_log_position") > 0 &&
               Metric(page, "gridledger_forward_position") ==
                   Metric(page, "gridledger_log_position");
      },
      60s))
      << page;
  EXPECT_EQ(Metric(page, "gridledger_forward_lag_events"), 0);
  EXPECT_EQ(Metric(page, "gridledger_forward_connected"), 1);
  EXPECT_EQ(Metric(page, "gridledger_forward_failed"), 0);
  auto status = Shell(std::string(GL_CLI) + " --server unix:" + socket + " forward status --nats " +
                      o.servers + " --district 411302 --json");
  EXPECT_EQ(status.first, 0);
  EXPECT_NE(status.second.find("\"lag\": 0"), std::string::npos) << status.second;
  ::kill(pid, SIGTERM);
  int exit_status = 0;
  ::waitpid(pid, &exit_status, 0);
  ::close(out[0]);
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0);
  ExpectExactCopy(data, o);
  // Domain events travel on their jurisdiction's subject.
  auto messages = testing::ReadWholeStream(o);
  ASSERT_TRUE(messages.ok());
  size_t filed_in_a_grid = 0;
  for (const auto& m : *messages)
    if (m.type == "caseFiled" && m.subject.rfind("gridledger.411302.001.", 0) == 0 &&
        m.subject.find("._.") == std::string::npos)
      filed_in_a_grid++;
  EXPECT_GT(filed_in_a_grid, 0u) << (*messages)[messages->size() / 2].subject << " "
                                 << (*messages)[messages->size() / 2].type;
}

TEST(RestoreTest, AStreamAloneRebuildsTheDataDirectoryWithTheSameEventsAndTailHash) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const std::string primary = dir.Sub("primary"), restored = dir.Sub("restored");
  ASSERT_EQ(
      Shell(std::string(GL_CLI) + " --data " + primary + " simulate --days 3 >/dev/null").first, 0);
  const JetStreamOptions o = Options(cluster, "411302", 3);
  {
    auto log = EventLog::Open(primary);
    ASSERT_TRUE(log.ok());
    auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(o).value());
    ASSERT_TRUE(forwarder->WaitForwarded((*log)->Committed(), 60s))
        << forwarder->status().last_error;
  }
  auto restore = Shell(std::string(GL_CLI) + " forward restore " + restored + " --nats " +
                       o.servers + " --district 411302 --json");
  ASSERT_EQ(restore.first, 0) << restore.second;
  LogOptions ro;
  ro.read_only = true;
  auto a = EventLog::Open(primary, ro);
  auto b = EventLog::Open(restored, ro);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ((*a)->Committed(), (*b)->Committed());
  auto sa = (*a)->ReadAllStored(Position{1}, (*a)->Committed().value);
  auto sb = (*b)->ReadAllStored(Position{1}, (*b)->Committed().value);
  ASSERT_TRUE(sa.ok() && sb.ok());
  ASSERT_EQ(sa->size(), sb->size());
  for (size_t i = 0; i < sa->size(); ++i) ASSERT_EQ((*sa)[i].bytes, (*sb)[i].bytes) << i;
  auto va = (*a)->Verify({});
  auto vb = (*b)->Verify({});
  ASSERT_TRUE(va.ok() && vb.ok());
  EXPECT_TRUE(vb->ok()) << vb->problem;
  auto last_a = (*a)->ReadAll((*a)->Committed(), 1);
  auto last_b = (*b)->ReadAll((*b)->Committed(), 1);
  ASSERT_TRUE(last_a.ok() && last_b.ok());
  EXPECT_EQ(last_a->front().hash, last_b->front().hash) << "the same tail hash";
  a->reset();
  b->reset();
  // The copy is a whole GridLedger store: its read models verify and its
  // statistics are the primary's.
  EXPECT_EQ(Shell(std::string(GL_CLI) + " --data " + restored + " verify >/dev/null").first, 0);
  auto stats_a = Shell(std::string(GL_CLI) + " --data " + primary + " stats --json");
  auto stats_b = Shell(std::string(GL_CLI) + " --data " + restored + " stats --json");
  EXPECT_EQ(stats_a.first, 0);
  EXPECT_EQ(stats_a.second, stats_b.second);
  // Restoring on top of an existing directory is refused.
  EXPECT_NE(Shell(std::string(GL_CLI) + " forward restore " + restored + " --nats " + o.servers +
                  " --district 411302 2>/dev/null")
                .first,
            0);
}

TEST(ForwardingTest, GridledgerdRefusesToStartWhenItsLogIsBehindItsStream) {
  NatsCluster cluster(1);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const JetStreamOptions o = Options(cluster, "411307", 1);
  {
    auto log = EventLog::Open(dir.Sub("a"));
    ASSERT_TRUE(log.ok());
    AppendNumbered(**log, 5);
    auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(o).value());
    ASSERT_TRUE(forwarder->WaitForwarded(Position{5}, 30s));
  }
  {
    // The same partition with its last events lost.
    auto log = EventLog::Open(dir.Sub("b"));
    ASSERT_TRUE(log.ok());
    NewEvent e;
    e.payload = OpaqueEvent{"t", "0"};
    ASSERT_TRUE((*log)->Append(StreamId{"s"}, ExpectedVersion::Any(), {e}).ok());
  }
  auto run =
      Shell(std::string(GL_DAEMON) + " --data " + dir.Sub("b") + " --socket " + dir.Sub("gl.sock") +
            " --forward " + o.servers + " --forward-district 411307 2>&1");
  EXPECT_EQ(run.first, 1);
  EXPECT_NE(run.second.find("behind its stream"), std::string::npos) << run.second;
  EXPECT_NE(run.second.find("gridledger forward restore"), std::string::npos) << run.second;
  EXPECT_EQ(StreamLastSequence(o), 5u);
}

// Forwards the whole log in `data` into district `d`'s R3 stream.
void ForwardEverything(const NatsCluster& cluster, const std::string& d, const std::string& data) {
  auto log = EventLog::Open(data);
  ASSERT_TRUE(log.ok());
  auto forwarder = Forwarder::Start(**log, MakeJetStreamSink(Options(cluster, d, 3)).value());
  ASSERT_TRUE(forwarder->WaitForwarded((*log)->Committed(), 60s)) << forwarder->status().last_error;
}

TEST(CityTest, ItsStatisticsAreTheSumOfItsPartitionsAndARerunCatchesUp) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const std::vector<std::string> districts = {"411302", "411303", "411304", "411305"};
  nlohmann::json sum = nlohmann::json::object();
  const char* counts[] = {
      "filed",      "closed",     "closedOnTime",        "rejected",         "rated",
      "satisfied",  "mediations", "mediationsConcluded", "mediationsAgreed", "patrols",
      "inspections"};
  std::string district_flags;
  for (size_t i = 0; i < districts.size(); ++i) {
    const std::string& d = districts[i];
    const std::string data = dir.Sub(d);
    ASSERT_EQ(Shell(std::string(GL_CLI) + " --data " + data + " simulate --days 3 --district " + d +
                    " --seed " + std::to_string(100 + i) + " >/dev/null")
                  .first,
              0);
    auto stats = Shell(std::string(GL_CLI) + " --data " + data + " stats --json");
    ASSERT_EQ(stats.first, 0);
    auto j = nlohmann::json::parse(stats.second);
    for (const char* c : counts) sum[c] = sum.value(c, 0) + j[c].get<uint64_t>();
    ForwardEverything(cluster, d, data);
    district_flags += " --district " + d;
  }
  const std::string city = std::string(GL_CLI) + " city stats --nats " + cluster.urls() +
                           district_flags + " --cache " + dir.Sub("city") + " --json";
  auto first = Shell(city);
  ASSERT_EQ(first.first, 0) << first.second;
  auto total = nlohmann::json::parse(first.second)["total"];
  EXPECT_GT(sum["filed"].get<uint64_t>(), 0u);
  for (const char* c : counts) EXPECT_EQ(total[c], sum[c]) << c;
  // Each partition's streets beneath it: the street office's own figures,
  // as that partition's `stats --street` gives them.
  for (size_t i = 0; i < districts.size(); ++i) {
    const nlohmann::json streets = nlohmann::json::parse(first.second)["partitions"][i]["streets"];
    ASSERT_EQ(streets.size(), 1u) << streets.dump();
    const std::string street = districts[i] + "001";
    EXPECT_EQ(streets[0]["scope"], street);
    EXPECT_EQ(streets[0]["name"], "新华街道");
    auto own = Shell(std::string(GL_CLI) + " --data " + dir.Sub(districts[i]) +
                     " stats --json --street " + street);
    ASSERT_EQ(own.first, 0);
    auto j = nlohmann::json::parse(own.second);
    EXPECT_GT(j["filed"].get<uint64_t>(), 0u);
    for (const char* c : counts) EXPECT_EQ(streets[0][c], j[c]) << street << " " << c;
  }
  auto human = Shell(city.substr(0, city.size() - std::string(" --json").size()));
  ASSERT_EQ(human.first, 0);
  EXPECT_NE(human.second.find("  411303001 新华街道"), std::string::npos) << human.second;
  const double closed = sum["closed"].get<double>();
  const double filed = sum["filed"].get<double>() - sum["rejected"].get<double>();
  EXPECT_DOUBLE_EQ(total["closedRate"].get<double>(), filed > 0 ? closed / filed : 0);
  // One more event in one partition: a rerun takes only what is new.
  {
    auto log = EventLog::Open(dir.Sub("411303"));
    ASSERT_TRUE(log.ok());
    NewEvent e;
    e.payload = OpaqueEvent{"note", "x"};
    ASSERT_TRUE((*log)->Append(StreamId{"note"}, ExpectedVersion::Any(), {e}).ok());
    auto forwarder =
        Forwarder::Start(**log, MakeJetStreamSink(Options(cluster, "411303", 3)).value());
    ASSERT_TRUE(forwarder->WaitForwarded((*log)->Committed(), 60s));
  }
  auto second = Shell(city);
  ASSERT_EQ(second.first, 0) << second.second;
  auto a = nlohmann::json::parse(first.second), b = nlohmann::json::parse(second.second);
  EXPECT_EQ(b["partitions"][1]["position"].get<uint64_t>(),
            a["partitions"][1]["position"].get<uint64_t>() + 1);
  EXPECT_EQ(b["partitions"][0]["position"], a["partitions"][0]["position"]);
  EXPECT_EQ(b["total"], a["total"]);
}

TEST(CityTest, ACaseNumberAloneFindsItsPartition) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  std::map<std::string, std::string> sample;  // district -> one of its cases
  for (const std::string d : {"411302", "411303"}) {
    const std::string data = dir.Sub(d);
    auto simulated = Shell(std::string(GL_CLI) + " --json --data " + data +
                           " simulate --days 2 --requests-per-day 10 --district " + d);
    ASSERT_EQ(simulated.first, 0) << simulated.second;
    sample[d] = nlohmann::json::parse(simulated.second)["sampleCaseId"];
    EXPECT_EQ(sample[d].rfind("case-" + d + "-", 0), 0u) << sample[d];
    ForwardEverything(cluster, d, data);
  }
  const std::string city = std::string(GL_CLI) + " --json city show --nats " + cluster.urls() +
                           " --cache " + dir.Sub("city") + " ";
  for (const auto& [district, case_id] : sample) {
    auto routed = Shell(city + case_id);
    ASSERT_EQ(routed.first, 0) << routed.second;
    auto local =
        Shell(std::string(GL_CLI) + " --json --data " + dir.Sub(district) + " show " + case_id);
    ASSERT_EQ(local.first, 0) << local.second;
    auto city_view = nlohmann::json::parse(routed.second);
    auto own_view = nlohmann::json::parse(local.second);
    // The person keys never leave the partition: the city sees no phone.
    EXPECT_EQ(city_view["maskedPhone"], "");
    EXPECT_NE(own_view["maskedPhone"], "");
    city_view.erase("maskedPhone");
    own_view.erase("maskedPhone");
    EXPECT_EQ(city_view, own_view);
  }
  // Only the case's own partition was followed into the cache.
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("city") + "/GL_411302"));
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("city") + "/GL_411303"));
  auto unknown = Shell(city + "case-411304-20261201-0001 2>&1");
  EXPECT_NE(unknown.first, 0);
  auto old_style = Shell(city + "case-20261201-0001 2>&1");
  EXPECT_EQ(old_style.first, 2) << old_style.second;
  EXPECT_NE(old_style.second.find("carries no partition"), std::string::npos) << old_style.second;
}

TEST(CityTest, ItsLedgerAndQueueAreThePartitionsOwnTogether) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const std::vector<std::string> districts = {"411302", "411303"};
  std::string district_flags;
  std::map<std::string, nlohmann::json> ledgers, queues;
  for (size_t i = 0; i < districts.size(); ++i) {
    const std::string& d = districts[i];
    const std::string data = dir.Sub(d);
    ASSERT_EQ(Shell(std::string(GL_CLI) + " --data " + data + " simulate --days 12 --district " +
                    d + " --seed " + std::to_string(7 + i) + " >/dev/null")
                  .first,
              0);
    auto ledger = Shell(std::string(GL_CLI) + " --json --data " + data + " ledger");
    auto queue = Shell(std::string(GL_CLI) + " --json --data " + data + " queue");
    ASSERT_EQ(ledger.first, 0);
    ASSERT_EQ(queue.first, 0);
    ledgers[d] = nlohmann::json::parse(ledger.second);
    queues[d] = nlohmann::json::parse(queue.second);
    ForwardEverything(cluster, d, data);
    district_flags += " --district " + d;
  }
  const std::string city = std::string(GL_CLI) + " --json city %s --nats " + cluster.urls() +
                           district_flags + " --cache " + dir.Sub("city");
  auto run = [&](const std::string& verb) {
    std::string command = city;
    command.replace(command.find("%s"), 2, verb);
    auto r = Shell(command);
    EXPECT_EQ(r.first, 0) << r.second;
    return r.first == 0 ? nlohmann::json::parse(r.second) : nlohmann::json::array();
  };

  // The ledger: exactly the partitions' entries, each under its partition.
  auto ledger = run("ledger");
  size_t expected = 0;
  for (const auto& [d, entries] : ledgers) expected += entries.size();
  EXPECT_GT(expected, 100u);
  ASSERT_EQ(ledger.size(), expected);
  for (const auto& row : ledger) {
    const std::string d = row["partition"], id = row["caseId"];
    EXPECT_EQ(id.rfind("case-" + d + "-", 0), 0u) << id;
    nlohmann::json own = row;
    own.erase("partition");
    EXPECT_NE(std::find(ledgers[d].begin(), ledgers[d].end(), own), ledgers[d].end()) << id;
  }

  // The queue: every overdue or warned open case of each partition, and
  // nothing that is not in its partition's own queue.
  auto queue = run("queue");
  std::set<std::string> in_city;
  for (const auto& row : queue) {
    const std::string d = row["partition"], id = row["caseId"];
    in_city.insert(id);
    bool own = false;
    for (const auto& q : queues[d]) own = own || q["caseId"] == id;
    EXPECT_TRUE(own) << id;
    EXPECT_TRUE(row["overdue"] || row["warned"] || row["level"] != "grid") << row.dump();
  }
  size_t attention = 0;
  for (const auto& [d, items] : queues)
    for (const auto& q : items)
      if (q["overdue"] || q["warned"]) {
        ++attention;
        EXPECT_TRUE(in_city.count(q["caseId"])) << q.dump();
      }
  EXPECT_GT(attention, 0u);
  // Overdue first.
  bool seen_not_overdue = false;
  for (const auto& row : queue) {
    if (!row["overdue"]) seen_not_overdue = true;
    EXPECT_FALSE(seen_not_overdue && row["overdue"]) << row.dump();
  }
}

// An R3 stream of `district` whose writers hold its lease in GL_LEASES.
JetStreamOptions LeasedOptions(const NatsCluster& cluster, const std::string& district,
                               std::chrono::milliseconds ttl) {
  JetStreamOptions o = Options(cluster, district, 3);
  o.lease_bucket = "GL_LEASES";
  o.lease_ttl = ttl;
  return o;
}

// One small event appended to stream "s".
Result<AppendResult> AppendNote(EventLog& log, const std::string& what) {
  NewEvent e;
  e.payload = OpaqueEvent{"t", what};
  return log.Append(StreamId{"s"}, ExpectedVersion::Any(), {e});
}

TEST(FencingTest, PromotingAStandbyFencesTheOldPrimary) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const JetStreamOptions o = LeasedOptions(cluster, "411308", 5s);
  auto primary = EventLog::Open(dir.Sub("primary"));
  ASSERT_TRUE(primary.ok());
  JetStreamOptions as_primary = o;
  as_primary.lease_holder = "node-a";
  auto old = Forwarder::Start(**primary, MakeJetStreamSink(as_primary).value());
  // Writes are taken once the forwarder has confirmed the lease.
  ASSERT_TRUE(WaitFor([&] { return AppendNote(**primary, "0").ok(); }, 30s));
  for (int i = 1; i < 20; ++i) ASSERT_TRUE(AppendNote(**primary, std::to_string(i)).ok());
  ASSERT_TRUE(old->WaitForwarded(Position{20}, 30s)) << old->status().last_error;

  // A standby rebuilt from the stream; then the operator promotes it.
  auto standby = EventLog::Open(dir.Sub("standby"));
  ASSERT_TRUE(standby.ok());
  ASSERT_TRUE(ReadJetStream(o, Position{1}, [&](std::vector<StoredEvent> batch) {
                return AppendStoredEvents(**standby, std::move(batch));
              }).ok());
  ASSERT_EQ((*standby)->Committed().value, 20u);
  auto promote = Shell(std::string(GL_CLI) + " forward promote node-b --nats " + o.servers +
                       " --district 411308 --json");
  ASSERT_EQ(promote.first, 0) << promote.second;
  // It returned once the old primary's writes had ended: the bucket's TTL
  // after the put.
  EXPECT_NE(promote.second.find("\"waited_ms\": 5000"), std::string::npos) << promote.second;

  // From then on the old primary acknowledges no write: its renewal found
  // the lease gone (fenced), or could not confirm it (lapsed).
  auto late = AppendNote(**primary, "after promotion");
  ASSERT_FALSE(late.ok()) << "acknowledged at position " << late->first_position.value;
  ASSERT_TRUE(WaitFor([&] { return old->status().failed; }, 30s))
      << old->status().last_error << " forwarded " << old->status().forwarded.value;
  EXPECT_NE(old->status().last_error.find("node-b"), std::string::npos) << old->status().last_error;
  auto refused = AppendNote(**primary, "fenced");
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(StreamLastSequence(o), 20u) << "the old primary published nothing after promotion";
  EXPECT_EQ((*primary)->Committed().value, 20u);

  // The promoted standby takes writes and forwards them after position 20.
  JetStreamOptions as_standby = o;
  as_standby.lease_holder = "node-b";
  auto next = Forwarder::Start(**standby, MakeJetStreamSink(as_standby).value());
  ASSERT_TRUE(WaitFor([&] { return AppendNote(**standby, "b0").ok(); }, 30s));
  for (int i = 1; i < 5; ++i) ASSERT_TRUE(AppendNote(**standby, "b" + std::to_string(i)).ok());
  ASSERT_TRUE(next->WaitForwarded(Position{25}, 30s)) << next->status().last_error;
  next->Stop();
  standby->reset();
  ExpectExactCopy(dir.Sub("standby"), o);
}

// A sink that can be cut off from its cluster, as a network partition
// would: while cut, nothing reaches the cluster (renewals included); the
// lease it last confirmed stays what it was.
class CuttableSink final : public ForwardSink {
 public:
  CuttableSink(std::unique_ptr<ForwardSink> inner, std::shared_ptr<std::atomic<bool>> cut)
      : inner_(std::move(inner)), cut_(std::move(cut)) {}
  Result<SinkTail> Tail() override {
    if (*cut_) return Status::Unavailable("cut off from the cluster");
    return inner_->Tail();
  }
  Status Send(std::span<const ForwardEvent> events) override {
    if (*cut_) return Status::Unavailable("cut off from the cluster");
    return inner_->Send(events);
  }
  Result<Position> Confirmed(Position beyond, std::chrono::milliseconds wait) override {
    if (*cut_) return Status::Unavailable("cut off from the cluster");
    return inner_->Confirmed(beyond, wait);
  }
  Status KeepAlive() override {
    if (*cut_) return Status::Unavailable("cut off from the cluster");
    return inner_->KeepAlive();
  }
  std::optional<SinkLease> Lease() const override { return inner_->Lease(); }
  void Disconnect() override { inner_->Disconnect(); }
  std::string Describe() const override { return inner_->Describe(); }

 private:
  std::unique_ptr<ForwardSink> inner_;
  std::shared_ptr<std::atomic<bool>> cut_;
};

// The lease inside the commit path, end to end: a primary cut off from
// the cluster (alive, still serving its clients) is never told it lost
// the lease, yet it stops acknowledging writes before the standby that
// takes the lapsed lease over takes its first one; and once it reaches
// the cluster again it learns it is fenced. Without the write lease the
// cut-off primary would go on acknowledging writes that are lost.
TEST(FencingTest, APrimaryCutOffFromTheClusterStopsAcknowledgingBeforeATakeOverWrites) {
  NatsCluster cluster(3);
  ASSERT_TRUE(cluster.status().ok()) << cluster.status().ToString();
  TempDir dir;
  const JetStreamOptions o = LeasedOptions(cluster, "411311", 2s);
  auto primary = EventLog::Open(dir.Sub("primary"));
  ASSERT_TRUE(primary.ok());
  JetStreamOptions as_a = o;
  as_a.lease_holder = "node-a";
  auto cut = std::make_shared<std::atomic<bool>>(false);
  ForwarderOptions fo;
  fo.backoff_initial = 20ms;
  fo.backoff_max = 200ms;
  auto old = Forwarder::Start(
      **primary, std::make_unique<CuttableSink>(MakeJetStreamSink(as_a).value(), cut), fo);
  ASSERT_TRUE(WaitFor([&] { return AppendNote(**primary, "first").ok(); }, 30s));
  for (int i = 0; i < 19; ++i) ASSERT_TRUE(AppendNote(**primary, std::to_string(i)).ok());
  ASSERT_TRUE(old->WaitForwarded(Position{20}, 30s)) << old->status().last_error;

  // A live standby that takes a lapsed lease over.
  auto standby_log = EventLog::Open(dir.Sub("standby"));
  ASSERT_TRUE(standby_log.ok());
  JetStreamOptions as_b = o;
  as_b.lease_holder = "node-b";
  StandbyOptions so;
  so.refusal = "a standby of 411311";
  so.watch_every = 50ms;
  auto standby = Standby::Start(
      **standby_log, MakeJetStreamStandbySource(as_b, /*take_over=*/true).value(),
      [as_b] { return MakeJetStreamSink(as_b).value(); }, so, fo);
  ASSERT_TRUE(standby.ok()) << standby.status().ToString();
  ASSERT_TRUE(WaitFor([&] { return (*standby_log)->Committed().value == 20; }, 30s));

  // The primary is cut off; its clients keep writing to it.
  std::atomic<bool> stop{false};
  std::atomic<int64_t> last_ack_ns{0};
  std::atomic<uint64_t> acked_after_cut{0};
  Status first_refusal;
  *cut = true;
  const auto cut_at = std::chrono::steady_clock::now();
  std::thread clients([&] {
    for (int i = 0; !stop; ++i) {
      auto r = AppendNote(**primary, "cut " + std::to_string(i));
      if (r.ok()) {
        acked_after_cut++;
        last_ack_ns = std::chrono::steady_clock::now().time_since_epoch().count();
      } else if (first_refusal.ok()) {
        first_refusal = r.status();
      }
      std::this_thread::sleep_for(5ms);
    }
  });
  // The lease lapses in the bucket; the standby takes it, waits out the
  // old holder's writes, and takes its first write.
  ASSERT_TRUE((*standby)->WaitPromoted(60s)) << (*standby)->status().last_error;
  auto taken = AppendNote(**standby_log, "the new primary's first");
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  const auto new_first_ns = std::chrono::steady_clock::now().time_since_epoch().count();
  stop = true;
  clients.join();
  EXPECT_EQ(first_refusal.code(), StatusCode::kUnavailable) << first_refusal.ToString();
  EXPECT_NE(first_refusal.message().find("cannot confirm that it still holds partition 411311"),
            std::string::npos)
      << first_refusal.message();
  EXPECT_LT(last_ack_ns.load(), new_first_ns)
      << "the cut-off primary acknowledged a write after the new primary took one";
  // Within half the TTL of its last renewal (before the cut).
  if (last_ack_ns.load() != 0)
    EXPECT_LT(std::chrono::steady_clock::time_point(
                  std::chrono::steady_clock::duration(last_ack_ns.load())) -
                  cut_at,
              1500ms);
  std::cout << acked_after_cut.load() << " writes acknowledged after the cut, none later than "
            << std::chrono::duration<double, std::milli>(
                   std::chrono::steady_clock::time_point(
                       std::chrono::steady_clock::duration(last_ack_ns.load())) -
                   cut_at)
                   .count()
            << " ms after it\n";

  // Reconnected, the old primary learns it is fenced.
  *cut = false;
  ASSERT_TRUE(WaitFor([&] { return old->status().failed; }, 30s)) << old->status().last_error;
  EXPECT_NE(old->status().last_error.find("node-b"), std::string::npos) << old->status().last_error;
  EXPECT_EQ(AppendNote(**primary, "fenced").status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(WaitFor([&] { return StreamLastSequence(o) == 21; }, 30s)) << StreamLastSequence(o);
  old->Stop();
  (*standby)->Stop();
  standby_log->reset();
  ExpectExactCopy(dir.Sub("standby"), o);
}

TEST(RestoreTest, StoredEventsThatDoNotFollowOnAreRefused) {
  TempDir dir;
  auto source = EventLog::Open(dir.Sub("a"));
  ASSERT_TRUE(source.ok());
  for (int i = 0; i < 4; ++i) {
    NewEvent e;
    e.payload = OpaqueEvent{"t", std::to_string(i)};
    ASSERT_TRUE(
        (*source)->Append(StreamId{"s" + std::to_string(i % 2)}, ExpectedVersion::Any(), {e}).ok());
  }
  auto stored = (*source)->ReadAllStored(Position{1}, 4);
  ASSERT_TRUE(stored.ok());
  auto copy = EventLog::Open(dir.Sub("b"));
  ASSERT_TRUE(copy.ok());
  // Not starting at position 1.
  EXPECT_EQ(AppendStoredEvents(**copy, {(*stored)[1]}).code(), StatusCode::kConflict);
  // A hole.
  EXPECT_EQ(AppendStoredEvents(**copy, {(*stored)[0], (*stored)[2]}).code(),
            StatusCode::kCorruption);
  // Damaged bytes (the hash no longer chains).
  StoredEvent damaged = (*stored)[0];
  damaged.bytes[damaged.bytes.size() / 2] ^= 1;
  EXPECT_FALSE(AppendStoredEvents(**copy, {damaged}).ok());
  EXPECT_EQ((*copy)->Committed().value, 0u) << "nothing written";
  ASSERT_TRUE(AppendStoredEvents(**copy, {(*stored)[0], (*stored)[1]}).ok());
  ASSERT_TRUE(AppendStoredEvents(**copy, {(*stored)[2], (*stored)[3]}).ok());
  auto back = (*copy)->ReadAllStored(Position{1}, 4);
  ASSERT_TRUE(back.ok());
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ((*back)[i].bytes, (*stored)[i].bytes);
  auto s1 = (*copy)->ReadStream(StreamId{"s1"}, StreamVersion{1}, ReadDirection::kForward, 10);
  ASSERT_TRUE(s1.ok());
  EXPECT_EQ(s1->size(), 2u);
  auto verify = (*copy)->Verify({});
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok()) << verify->problem;
  // Ordinary appends carry on after the stored ones.
  NewEvent e;
  e.payload = OpaqueEvent{"t", "after"};
  auto next = (*copy)->Append(StreamId{"s1"}, ExpectedVersion::Exactly(2), {e});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->first_position.value, 5u);
}

}  // namespace
}  // namespace gridledger
