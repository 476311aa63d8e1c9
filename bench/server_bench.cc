// gridledgerd's cost: the same work in-process and through Cap'n Proto RPC
// from N client connections to a server running in this process (loopback
// TCP, one connection per client thread), in the same run.
//
//   Server/LocalAppend, Server/RemoteAppend   durable single-event appends
//   Server/LocalFile,   Server/RemoteFile     kiosk filings (File commands)
//   Server/RemoteLookupOpenLoop               open-loop LookupCase latency
//   Server/RemoteFileOpenLoop                 open-loop File latency
//
// The remote rows carry x_local = remote / in-process at the same thread
// count, measured just before.

#include <benchmark/benchmark.h>

#include <atomic>
#include <map>
#include <mutex>

#include "bench_support.h"
#include "gridledger/client.h"
#include "gridledger/server.h"

namespace gl = gridledger;

namespace gridledger::bench {
namespace {

constexpr char kGrid[] = "41130200100101";

FileCase KioskFiling(int i) {
  FileCase f;
  f.category = "sewer";
  f.description = "下水道堵了，污水冒出来了（" + std::to_string(i) + "）";
  f.location.place_id = "p1";
  f.reporter_phone = "138" + std::to_string(10000000 + i % 90000000);
  f.reporter_name = "王阿姨";
  return f;
}

// A served store with a small registry, and connections made on demand.
struct Served {
  Served() {
    dir = FreshDir("served");
    ServerOptions o;
    o.data_dir = dir;
    o.unix_socket = dir + ".sock";
    o.insecure_loopback = {"127.0.0.1:0"};
    o.engine_threads = 300;
    auto s = Server::Start(o);
    if (!s.ok()) Die("server: " + s.status().ToString());
    server = std::move(s).value();
    for (const auto& a : server->Addresses())
      if (a.transport == "tcp") tcp = "tcp:" + a.address;
    Engine& e = server->engine();
    const Actor sys = Actor::System("bench");
    auto ok = [](Result<AppendResult> r) {
      if (!r.ok()) Die("seed: " + r.status().ToString());
    };
    ok(e.Record(sys, cmd::DefineGrid{{"411302001", "新华街道", GridKind::kStreet, "", 0}}));
    ok(e.Record(
        sys, cmd::DefineGrid{{"411302001001", "文化社区", GridKind::kCommunity, "411302001", 0}}));
    ok(e.Record(sys, cmd::DefineGrid{{kGrid, "第一网格", GridKind::kGrid, "411302001001", 400}}));
    ok(e.Record(sys, cmd::RegisterPlace{{"p1", kGrid, "文化小区", PlaceKind::kCompound, ""}}));
    ok(e.Record(sys, cmd::AssignWorker{{"w1", "张敏", Role::kFullTimeWorker, kGrid, ""}}));
    auto op = Connect("unix:" + o.unix_socket);
    if (!op.ok()) Die("operator: " + op.status().ToString());
    operator_token = (*op)->IssueCredential(IdentityKind::kOperator, "bench", "")->token;
    kiosk_token = (*op)->IssueCredential(IdentityKind::kKiosk, "bench-kiosk", "")->token;
    // Cases for the lookups.
    for (int i = 0; i < 200; ++i) {
      auto r = e.File(Actor::Resident(), KioskFiling(i));
      if (!r.ok()) Die("file: " + r.status().ToString());
      cases.push_back(*r);
    }
  }
  ~Served() {
    std::lock_guard lock(mu);
    connections.clear();
    server.reset();
    RemoveDir(dir);
  }

  // The connection of client `index` logged in with `token`.
  RemoteEngine& Client(int index, const std::string& token) {
    std::lock_guard lock(mu);
    auto& slot = connections[{token, index}];
    if (!slot) {
      ClientOptions o;
      o.credential = token;
      auto c = Connect(tcp, o);
      if (!c.ok()) Die("connect: " + c.status().ToString());
      slot = std::move(c).value();
    }
    return *slot;
  }

  std::string dir, tcp, operator_token, kiosk_token;
  std::unique_ptr<Server> server;
  std::vector<FiledReceipt> cases;
  std::mutex mu;
  std::map<std::pair<std::string, int>, std::unique_ptr<RemoteEngine>> connections;
};

Served& S() { return RunShared<Served>(); }

std::string Key(const char* what, int threads) {
  return std::string("server-") + what + "/" + std::to_string(threads);
}

void Append(benchmark::State& state, EventLog& log, const std::string& key, bool remote) {
  WallTimer timer;
  bool started = false;
  const StreamId stream{"bench-" + std::string(remote ? "r" : "l") +
                        std::to_string(state.thread_index())};
  const NewEvent event = SampleEvent(state.thread_index());
  for (auto _ : state) {
    if (!started && state.thread_index() == 0) timer.Start();
    started = true;
    auto r = log.Append(stream, ExpectedVersion::Any(), {event}, {Durability::kDurable});
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    double eps = timer.EventsPerSecond(state, 1);
    if (remote)
      ReportRatio(state, eps, key, "x_local");
    else
      SetBaseline(key, eps);
  }
}

void BM_LocalAppend(benchmark::State& state) {
  Append(state, S().server->engine().log(), Key("append", state.threads()), false);
}
void BM_RemoteAppend(benchmark::State& state) {
  EventLog& log = S().Client(state.thread_index(), S().operator_token).log();
  Append(state, log, Key("append", state.threads()), true);
}

void FileLoop(benchmark::State& state, Engine& engine, const std::string& key, bool remote) {
  WallTimer timer;
  bool started = false;
  int i = state.thread_index() * 1000000;
  for (auto _ : state) {
    if (!started && state.thread_index() == 0) timer.Start();
    started = true;
    auto r = engine.File(Actor::Resident(), KioskFiling(i++));
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    double eps = timer.EventsPerSecond(state, 1);
    if (remote)
      ReportRatio(state, eps, key, "x_local");
    else
      SetBaseline(key, eps);
  }
}

void BM_LocalFile(benchmark::State& state) {
  FileLoop(state, S().server->engine(), Key("file", state.threads()), false);
}
void BM_RemoteFile(benchmark::State& state) {
  FileLoop(state, S().Client(state.thread_index(), S().kiosk_token), Key("file", state.threads()),
           true);
}

// Open loop at range(0) requests/s from 8 client connections.
constexpr int kOpenLoopClients = 8;

void BM_RemoteLookupOpenLoop(benchmark::State& state) {
  Served& s = S();
  std::vector<RemoteEngine*> clients;
  for (int c = 0; c < kOpenLoopClients; ++c) clients.push_back(&s.Client(100 + c, s.kiosk_token));
  std::atomic<int> next_client{0};
  thread_local int my_client = -1;
  OpenLoopResult r;
  for (auto _ : state) {
    r = RunOpenLoop(static_cast<double>(state.range(0)), std::chrono::milliseconds(3000),
                    kOpenLoopClients, [&](uint64_t i) {
                      if (my_client < 0) my_client = next_client++ % kOpenLoopClients;
                      const FiledReceipt& c = s.cases[i % s.cases.size()];
                      return clients[my_client]->LookupCase(c.case_id, c.query_code).ok();
                    });
  }
  ReportOpenLoop(state, r);
  my_client = -1;
}

void BM_RemoteFileOpenLoop(benchmark::State& state) {
  Served& s = S();
  std::vector<RemoteEngine*> clients;
  for (int c = 0; c < kOpenLoopClients; ++c) clients.push_back(&s.Client(200 + c, s.kiosk_token));
  std::atomic<int> next_client{0};
  thread_local int my_client = -1;
  OpenLoopResult r;
  for (auto _ : state) {
    r = RunOpenLoop(static_cast<double>(state.range(0)), std::chrono::milliseconds(3000),
                    kOpenLoopClients, [&](uint64_t i) {
                      if (my_client < 0) my_client = next_client++ % kOpenLoopClients;
                      return clients[my_client]->File({}, KioskFiling(static_cast<int>(i))).ok();
                    });
  }
  ReportOpenLoop(state, r);
  my_client = -1;
}

constexpr int kClients[] = {1, 16, 64, 256};

void Clients(benchmark::internal::Benchmark* b) {
  for (int n : kClients) b->Threads(n);
  b->UseRealTime();
}

// In-process rows first: they are the baselines of the remote ones.
BENCHMARK(BM_LocalAppend)->Name("Server/LocalAppend")->Apply(Clients);
BENCHMARK(BM_RemoteAppend)->Name("Server/RemoteAppend")->Apply(Clients);
BENCHMARK(BM_LocalFile)->Name("Server/LocalFile")->Apply(Clients);
BENCHMARK(BM_RemoteFile)->Name("Server/RemoteFile")->Apply(Clients);
BENCHMARK(BM_RemoteLookupOpenLoop)
    ->Name("Server/RemoteLookupOpenLoop")
    ->ArgName("per_s")
    ->Arg(1000)
    ->Arg(5000)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_RemoteFileOpenLoop)
    ->Name("Server/RemoteFileOpenLoop")
    ->ArgName("per_s")
    ->Arg(500)
    ->Arg(2000)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace gridledger::bench
