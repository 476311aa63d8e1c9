// gridledgerd's cost: the same work in-process and through Cap'n Proto RPC
// from N client connections to a server running in this process (loopback
// TCP, one connection per client thread), in the same run.
//
//   Server/LocalAppend, Server/RemoteAppend   durable single-event appends
//   Server/RemoteAppendUnix                   the same through the unix socket
//   Server/LocalFile,   Server/RemoteFile     kiosk filings (File commands)
//   Server/RemoteLookupOpenLoop               open-loop LookupCase latency
//   Server/RemoteFileOpenLoop                 open-loop File latency
//
// The remote rows carry x_local = remote / in-process at the same thread
// count, measured just before. The append rows also say where the CPU went,
// in microseconds per append by thread (from /proc/self/task/*/schedstat):
// io_us (gl-client-io), loop_us (gl-rpc-loop) and writer_us (gl-writer).
// (The benchmark's own threads come and go with each row, so their share
// is not counted.)

#include <benchmark/benchmark.h>
#include <dirent.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>

#include "bench_support.h"
#include "served.h"

namespace gl = gridledger;

namespace gridledger::bench {
namespace {

Served& S() { return RunShared<Served>(); }

std::string Key(const char* what, int threads) {
  return std::string("server-") + what + "/" + std::to_string(threads);
}

// CPU time (ns) this process's threads have run, by thread group.
struct ThreadCpu {
  uint64_t io = 0, loop = 0, writer = 0;
  // Threads that ended between two samples are missed: the sampled runs
  // start and stop none of the groups' threads.
  static ThreadCpu Sample() {
    ThreadCpu out;
    DIR* d = ::opendir("/proc/self/task");
    if (!d) return out;
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::string base = std::string("/proc/self/task/") + e->d_name;
      std::string name;
      std::getline(std::ifstream(base + "/comm"), name);
      uint64_t ns = 0;
      std::ifstream(base + "/schedstat") >> ns;
      if (name == "gl-client-io")
        out.io += ns;
      else if (name == "gl-rpc-loop")
        out.loop += ns;
      else if (name == "gl-writer")
        out.writer += ns;
    }
    ::closedir(d);
    return out;
  }
};

void ReportCpu(benchmark::State& state, const ThreadCpu& a, const ThreadCpu& b, double ops) {
  if (ops <= 0) return;
  auto us = [&](uint64_t x, uint64_t y) { return y > x ? (y - x) / 1000.0 / ops : 0.0; };
  state.counters["io_us"] = us(a.io, b.io);
  state.counters["loop_us"] = us(a.loop, b.loop);
  state.counters["writer_us"] = us(a.writer, b.writer);
}

void Append(benchmark::State& state, EventLog& log, const std::string& key, bool remote) {
  WallTimer timer;
  ThreadCpu cpu_start;
  bool started = false;
  const StreamId stream{"bench-" + std::string(remote ? "r" : "l") +
                        std::to_string(state.thread_index())};
  const NewEvent event = SampleEvent(state.thread_index());
  for (auto _ : state) {
    if (!started && state.thread_index() == 0) {
      timer.Start();
      cpu_start = ThreadCpu::Sample();
    }
    started = true;
    auto r = log.Append(stream, ExpectedVersion::Any(), {event}, {Durability::kDurable});
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    ThreadCpu cpu_end = ThreadCpu::Sample();
    double eps = timer.EventsPerSecond(state, 1);
    ReportCpu(state, cpu_start, cpu_end, static_cast<double>(state.iterations()) * state.threads());
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
void BM_RemoteAppendUnix(benchmark::State& state) {
  EventLog& log = S().UnixClient(state.thread_index()).log();
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
BENCHMARK(BM_RemoteAppendUnix)->Name("Server/RemoteAppendUnix")->Apply(Clients);
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
