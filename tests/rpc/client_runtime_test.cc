// ClientRuntime: many RemoteEngine connections in one process on one I/O
// thread. Servers run in this process (gridledger::Server on unix
// sockets), so that a test can stop one of them under a live connection.
#include <dirent.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "gridledger/client.h"
#include "gridledger/server.h"
#include "testing/temp_dir.h"

namespace gridledger::testing {
namespace {

// Threads of this process named `name` (/proc/self/task/*/comm).
int ThreadsNamed(const std::string& name) {
  int n = 0;
  DIR* d = ::opendir("/proc/self/task");
  if (!d) return -1;
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream comm(std::string("/proc/self/task/") + e->d_name + "/comm");
    std::string line;
    std::getline(comm, line);
    if (line == name) ++n;
  }
  ::closedir(d);
  return n;
}

// ThreadsNamed(name) once it equals `expected`, or after five seconds
// whatever it is then. A joined thread can still be listed for a moment:
// pthread_join returns when the thread has released its memory, before
// the kernel has removed its task from /proc.
int ThreadsNamedSettledAt(const std::string& name, int expected) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int n = ThreadsNamed(name);
  while (n != expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    n = ThreadsNamed(name);
  }
  return n;
}

NewEvent Note(const std::string& text) {
  NewEvent e;
  e.payload = CaseHandled{text, {}};
  e.actor = "w-01";
  e.grid_code = "41130200100101";
  return e;
}

// One in-process server on a unix socket that can be stopped and started
// again on the same socket and data.
class LocalServer {
 public:
  explicit LocalServer(std::string dir) : dir_(std::move(dir)) { Start(); }
  void Start() {
    ServerOptions o;
    o.data_dir = dir_ + "/store";
    o.unix_socket = dir_ + ".sock";
    o.engine_threads = 4;
    auto s = Server::Start(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s).value();
  }
  void Stop() { server_.reset(); }
  std::string address() const { return "unix:" + dir_ + ".sock"; }

 private:
  std::string dir_;
  std::unique_ptr<Server> server_;
};

class ClientRuntimeTest : public ::testing::Test {
 protected:
  std::unique_ptr<RemoteEngine> Connect(const LocalServer& server,
                                        std::shared_ptr<ClientRuntime> runtime) {
    ClientOptions o;
    o.runtime = std::move(runtime);
    o.reconnect_min = std::chrono::milliseconds(10);
    o.reconnect_max = std::chrono::milliseconds(50);
    o.call_timeout = std::chrono::milliseconds(10000);
    auto c = gridledger::Connect(server.address(), o);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(c).value() : nullptr;
  }

  static Status Append(RemoteEngine& engine, const std::string& stream, const std::string& text) {
    return engine.log()
        .Append(StreamId{stream}, ExpectedVersion::Any(), {Note(text)}, {Durability::kDurable})
        .status();
  }

  TempDir dir_;
};

TEST_F(ClientRuntimeTest, ConnectionsOnOneRuntimeShareOneIoThreadAndAllWork) {
  LocalServer server(dir_.Sub("a"));
  const int before = ThreadsNamed("gl-client-io");
  auto runtime = ClientRuntime::Start();
  ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
  std::vector<std::unique_ptr<RemoteEngine>> engines;
  for (int i = 0; i < 8; ++i) {
    engines.push_back(Connect(server, *runtime));
    ASSERT_TRUE(engines.back());
  }
  EXPECT_EQ((*runtime)->connections(), 8u);
  EXPECT_EQ(ThreadsNamed("gl-client-io"), before + 1);
  // A connection of its own still gets a thread of its own.
  auto alone = Connect(server, nullptr);
  ASSERT_TRUE(alone);
  EXPECT_EQ(ThreadsNamed("gl-client-io"), before + 2);

  // Calls from many threads on all the connections at once, including
  // AppendAsync (whose callbacks run on the shared thread).
  std::atomic<int> failures{0}, async_done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&, t] {
      RemoteEngine& e = *engines[t % engines.size()];
      for (int i = 0; i < 20; ++i)
        if (!Append(e, "s-" + std::to_string(t), "n" + std::to_string(i)).ok()) ++failures;
      std::promise<Status> done;
      e.log().AppendAsync(StreamId{"async-" + std::to_string(t)}, ExpectedVersion::NoStream(),
                          {Note("async")}, [&](Result<AppendResult> r) {
                            ++async_done;
                            done.set_value(r.status());
                          });
      if (!done.get_future().get().ok()) ++failures;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(async_done.load(), 16);
  for (int t = 0; t < 16; ++t) {
    auto events = alone->log().ReadStream(StreamId{"s-" + std::to_string(t)}, StreamVersion{1},
                                          ReadDirection::kForward, 100);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    EXPECT_EQ(events->size(), 20u);
  }
  // Each connection is its own session: its own identity.
  for (auto& e : engines) EXPECT_EQ(e->identity().kind, IdentityKind::kOperator);
}

TEST_F(ClientRuntimeTest, OneConnectionLosingItsServerLeavesTheOthersOnTheRuntimeWorking) {
  LocalServer a(dir_.Sub("a")), b(dir_.Sub("b"));
  auto runtime = ClientRuntime::Start();
  ASSERT_TRUE(runtime.ok());
  auto to_a = Connect(a, *runtime), to_b = Connect(b, *runtime);
  ASSERT_TRUE(to_a && to_b);
  ASSERT_TRUE(Append(*to_a, "x", "1").ok());
  ASSERT_TRUE(Append(*to_b, "x", "1").ok());

  // A subscription on each: the one on b keeps delivering while a is down;
  // the one on a is stopped before a goes away (its resubscribing task must
  // end with it, not wake up at the disconnect).
  std::atomic<int> seen_b{0};
  auto sub_b = to_b->log().Subscribe({}, [&](const RecordedEvent&) {
    ++seen_b;
    return Status::Ok();
  });
  ASSERT_TRUE(sub_b.ok());
  auto sub_a = to_a->log().Subscribe({}, [](const RecordedEvent&) { return Status::Ok(); });
  ASSERT_TRUE(sub_a.ok());
  ASSERT_TRUE((*sub_b)->WaitUntilHandled(Position{1}, std::chrono::seconds(10)));
  (*sub_a)->Stop();
  sub_a->reset();

  a.Stop();
  EXPECT_EQ(Append(*to_a, "x", "2").code(), StatusCode::kUnavailable);
  // Reconnecting finds no socket file at all now: still unavailable.
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(Append(*to_a, "x", "2").code(), StatusCode::kUnavailable);
  for (int i = 2; i <= 6; ++i) EXPECT_TRUE(Append(*to_b, "x", std::to_string(i)).ok()) << i;
  EXPECT_TRUE((*sub_b)->WaitUntilHandled(Position{6}, std::chrono::seconds(10)));
  EXPECT_TRUE((*sub_b)->status().ok()) << (*sub_b)->status().ToString();

  // a comes back on the same socket: its connection reconnects (after its
  // own backoff), the other one never noticed.
  a.Start();
  Status again = Status::Unavailable("not yet");
  for (int i = 0; i < 100 && !again.ok(); ++i) {
    again = Append(*to_a, "x", "2");
    if (!again.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_TRUE(Append(*to_b, "x", "7").ok());
  EXPECT_TRUE((*sub_b)->WaitUntilHandled(Position{7}, std::chrono::seconds(10)));
  EXPECT_EQ(seen_b.load(), 7);
}

TEST_F(ClientRuntimeTest, TheRuntimeAndItsConnectionsMayGoInAnyOrder) {
  LocalServer server(dir_.Sub("a"));
  const int before = ThreadsNamed("gl-client-io");
  auto runtime = ClientRuntime::Start();
  ASSERT_TRUE(runtime.ok());
  std::weak_ptr<ClientRuntime> watch = *runtime;
  auto first = Connect(server, *runtime), second = Connect(server, *runtime);
  ASSERT_TRUE(first && second);
  // The caller's handle goes first: the connections keep the thread.
  runtime->reset();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(ThreadsNamed("gl-client-io"), before + 1);
  ASSERT_TRUE(Append(*first, "x", "1").ok());

  // A live subscription on the second connection survives the first's
  // destruction.
  std::atomic<int> seen{0};
  auto sub = second->log().Subscribe({}, [&](const RecordedEvent&) {
    ++seen;
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE((*sub)->WaitUntilHandled(Position{1}, std::chrono::seconds(10)));
  first.reset();
  EXPECT_EQ(watch.lock()->connections(), 1u);
  ASSERT_TRUE(Append(*second, "x", "2").ok());
  EXPECT_TRUE((*sub)->WaitUntilHandled(Position{2}, std::chrono::seconds(10)));
  EXPECT_EQ(seen.load(), 2);
  (*sub)->Stop();
  sub->reset();

  // The last connection takes the thread with it.
  second.reset();
  EXPECT_TRUE(watch.expired());
  EXPECT_EQ(ThreadsNamedSettledAt("gl-client-io", before), before);

  // And the other way round: connections first, then the handle.
  auto again = ClientRuntime::Start();
  ASSERT_TRUE(again.ok());
  {
    auto c = Connect(server, *again);
    ASSERT_TRUE(c);
    EXPECT_TRUE(Append(*c, "x", "3").ok());
  }
  EXPECT_EQ((*again)->connections(), 0u);
  EXPECT_EQ(ThreadsNamed("gl-client-io"), before + 1);
  again->reset();
  EXPECT_EQ(ThreadsNamedSettledAt("gl-client-io", before), before);
}

TEST_F(ClientRuntimeTest, AFailedConnectLeavesTheRuntimeServingTheOthers) {
  LocalServer server(dir_.Sub("a"));
  auto runtime = ClientRuntime::Start();
  ASSERT_TRUE(runtime.ok());
  auto good = Connect(server, *runtime);
  ASSERT_TRUE(good);
  ClientOptions o;
  o.runtime = *runtime;
  auto refused = gridledger::Connect("unix:" + dir_.Sub("nobody.sock"), o);
  // No server behind the socket: unavailable, like a server that went away.
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable) << refused.status().ToString();
  o.ca_file = dir_.Sub("missing-ca.pem");
  auto bad = gridledger::Connect("tls:127.0.0.1:1", o);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*runtime)->connections(), 1u);
  EXPECT_TRUE(Append(*good, "x", "1").ok());
}

}  // namespace
}  // namespace gridledger::testing
