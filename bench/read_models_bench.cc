// The stored read models at scale: a demo-mix store of
// GRIDLEDGER_BENCH_MODEL_EVENTS events (default 1,000,000; 10,000,000 for
// the full report), seeded once per run, then
//   ReadModels/Open        time to open it and resident memory after
//                          opening, in a fresh child process, beside the
//                          time a replay of the whole log takes (what an
//                          open cost when the models lived in memory)
//   ReadModels/Query/...   p50/p99 of the office and resident queries
//   ReadModels/Append      engine appends (read models written in the
//                          commit's batch) beside bare EventLog appends of
//                          the same events
//   ReadModels/Rebuild     a background rebuild into a new generation
#include <benchmark/benchmark.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "gridledger/demo.h"
#include "gridledger/engine.h"

extern char** environ;

namespace gridledger::bench {

// `gridledger-bench --measure-open=DIR`: opens the engine on DIR, prints
// "<seconds> <resident bytes> <read models position>" and exits (main calls
// this before Google Benchmark sees the arguments).
int MeasureOpen(const std::string& dir) {
  auto t0 = std::chrono::steady_clock::now();
  auto engine = Engine::Open(dir);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  std::printf("%.6f %llu %llu\n", secs, static_cast<unsigned long long>(ResidentBytes()),
              static_cast<unsigned long long>((*engine)->Metrics().read_models_position));
  return 0;
}

namespace {

using Clock = std::chrono::steady_clock;

uint64_t TargetEvents() {
  const char* text = std::getenv("GRIDLEDGER_BENCH_MODEL_EVENTS");
  long long n = text ? std::atoll(text) : 0;
  return n > 0 ? static_cast<uint64_t>(n) : 1'000'000;
}

// The demo community, a year of it, with as many requests a day as make
// about TargetEvents() events (the demo makes ~9 events per request with
// the grid's other work).
//
// GRIDLEDGER_BENCH_MODEL_STORE=DIR keeps the store between runs: seeded
// into DIR when DIR does not exist (with DIR.summary beside it, the sample
// resident the queries use), reused as it is otherwise, and never deleted;
// seeding 10 M events takes the better part of an hour on the 2-core
// machine. The Append benchmarks copy its first events into fresh
// directories of their own; they never write to it.
struct ModelStore {
  std::string dir;
  bool kept = false;
  DemoSummary summary;
  ModelStore() {
    const char* keep = std::getenv("GRIDLEDGER_BENCH_MODEL_STORE");
    kept = keep && *keep;
    dir = kept ? keep : FreshDir("models");
    const std::string summary_file = dir + ".summary";
    if (kept && std::filesystem::exists(dir)) {
      std::ifstream in(summary_file);
      std::getline(in, summary.sample_phone);
      std::getline(in, summary.sample_case_id);
      std::getline(in, summary.sample_query_code);
      return;
    }
    DemoOptions options;
    options.days = 365;
    options.requests_per_day =
        static_cast<uint32_t>(std::max<uint64_t>(40, TargetEvents() / 365 / 9));
    summary = std::move(SeedDemo(dir, options)).value();
    if (kept)
      std::ofstream(summary_file) << summary.sample_phone << "\n"
                                  << summary.sample_case_id << "\n"
                                  << summary.sample_query_code << "\n";
  }
  ~ModelStore() {
    if (!kept) std::filesystem::remove_all(dir);
  }
};

ModelStore& Store() { return RunShared<ModelStore>(); }

// Runs this binary with --measure-open on `dir`; false when it failed.
bool OpenInChild(const std::string& dir, double* secs, uint64_t* rss, uint64_t* position) {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::string self = std::filesystem::read_symlink("/proc/self/exe");
  std::string arg = "--measure-open=" + dir;
  std::vector<char*> argv = {self.data(), arg.data(), nullptr};
  pid_t pid = -1;
  int spawned = ::posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; spawned == 0 && (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  if (spawned == 0) ::waitpid(pid, &status, 0);
  unsigned long long r = 0, p = 0;
  return spawned == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
         std::sscanf(out.c_str(), "%lf %llu %llu", secs, &r, &p) == 3 &&
         (*rss = r, *position = p, true);
}

void BM_Open(benchmark::State& state) {
  auto& store = Store();
  double secs = 0, total = 0;
  uint64_t rss = 0, position = 0;
  for (auto _ : state) {
    if (!OpenInChild(store.dir, &secs, &rss, &position)) {
      state.SkipWithError("the child could not open the store");
      return;
    }
    total += secs;
    state.SetIterationTime(secs);
  }
  // What opening cost when every model lived in memory: at least a read of
  // the whole log (replay also applied every event).
  auto engine = std::move(Engine::Open(store.dir)).value();
  auto t0 = Clock::now();
  uint64_t events = 0;
  Status s =
      engine->log().ScanAll(Position{1}, engine->log().Committed(), [&](const RecordedEvent&) {
        ++events;
        return Status::Ok();
      });
  double replay = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  state.counters["stored_events"] = static_cast<double>(events);
  state.counters["open_ms"] = 1000 * total / static_cast<double>(state.iterations());
  state.counters["rss_after_open_mib"] = static_cast<double>(rss) / (1 << 20);
  state.counters["models_position"] = static_cast<double>(position);
  state.counters["log_read_ms"] = 1000 * replay;
}
BENCHMARK(BM_Open)
    ->Name("ReadModels/Open")
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

struct Queries {
  std::unique_ptr<Engine> engine;
  Timestamp end;
  Queries() {
    engine = std::move(Engine::Open(Store().dir)).value();
    auto last = engine->log().ReadStream(StreamId{Store().summary.sample_case_id}, StreamVersion{1},
                                         ReadDirection::kForward, 1);
    end = last.ok() && !last->empty() ? last->front().recorded_at : Timestamp{};
  }
};
Queries& Q() { return RunShared<Queries>(); }

template <typename F>
void RunQuery(benchmark::State& state, F&& query) {
  std::vector<double> us;
  us.reserve(1 << 14);
  for (auto _ : state) {
    auto t0 = Clock::now();
    bool ok = query();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!ok) {
      state.SkipWithError("query failed");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["stored_events"] = static_cast<double>(Q().engine->log().Committed().value);
  ReportPercentiles(state, ComputePercentiles(us));
}

const Actor kLeader = Actor::Worker("l-01");
const Actor kStreet = Actor::System("bench");

void BM_CaseView(benchmark::State& state) {
  auto& s = Store().summary;
  RunQuery(state,
           [&] { return Q().engine->LookupCase(s.sample_case_id, s.sample_query_code).ok(); });
}
BENCHMARK(BM_CaseView)->Name("ReadModels/Query/CaseView")->UseRealTime();

void BM_ResidentCases(benchmark::State& state) {
  auto& s = Store().summary;
  RunQuery(state,
           [&] { return Q().engine->LookupByPhone(s.sample_phone, s.sample_query_code).ok(); });
}
BENCHMARK(BM_ResidentCases)->Name("ReadModels/Query/ResidentCases")->UseRealTime();

void BM_WorkQueue(benchmark::State& state) {
  RunQuery(state, [&] { return Q().engine->WorkQueue(kLeader, "41130200100101").ok(); });
}
BENCHMARK(BM_WorkQueue)->Name("ReadModels/Query/WorkQueue")->UseRealTime();

void BM_LedgerMonth(benchmark::State& state) {
  size_t rows = 0;
  RunQuery(state, [&] {
    Timestamp now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    auto l = Q().engine->Ledger(kStreet, "411302001001", now - std::chrono::days(31), now);
    rows = l.ok() ? l->size() : 0;
    return l.ok();
  });
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_LedgerMonth)->Name("ReadModels/Query/LedgerOfAMonth")->UseRealTime();

void BM_StatsYear(benchmark::State& state) {
  uint64_t filed = 0;
  RunQuery(state, [&] {
    Timestamp now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    auto s = Q().engine->Stats(kStreet, "411302001", now - std::chrono::days(366), now);
    filed = s.ok() ? s->filed : 0;
    return s.ok();
  });
  state.counters["cases_counted"] = static_cast<double>(filed);
}
BENCHMARK(BM_StatsYear)->Name("ReadModels/Query/StatsOfAYear")->UseRealTime();

// The same events appended one command at a time through the engine's log
// (its read models written in each commit's batch) and through a bare
// EventLog in a directory of its own: the cost of keeping the models.
// appenders:1 appends buffered from one thread (every event a group of its
// own: the read models' whole cost shows); appenders:16 appends durable from
// 16 threads, each taking whole streams so that every stream keeps its
// order (how a served store is written: fsyncs shared by groups).
void BM_Append(benchmark::State& state) {
  const bool with_models = state.range(0) != 0;
  const int appenders = static_cast<int>(state.range(1));
  const Durability durability = appenders > 1 ? Durability::kDurable : Durability::kBuffered;
  auto& q = Q();
  constexpr size_t kEvents = 20000;
  auto source = q.engine->log().ReadAll(Position{1}, kEvents);
  if (!source.ok()) {
    state.SkipWithError(source.status().ToString().c_str());
    return;
  }
  std::vector<std::vector<NewEvent>> share(appenders);
  std::vector<std::vector<StreamId>> streams(appenders);
  for (const auto& e : *source) {
    size_t who = std::hash<std::string>{}(e.stream.value) % appenders;
    NewEvent n;
    n.payload = e.payload;
    n.actor = e.actor;
    n.grid_code = e.grid_code;
    n.occurred_at = e.occurred_at;
    share[who].push_back(std::move(n));
    streams[who].push_back(e.stream);
  }
  uint64_t appended = 0;
  double seconds = 0;
  WriterCpu writer_cpu;
  std::string failure;
  for (auto _ : state) {
    state.PauseTiming();
    std::string dir = FreshDir(with_models ? "append-engine" : "append-log");
    std::unique_ptr<Engine> engine;
    std::unique_ptr<EventLog> bare;
    EventLog* log = nullptr;
    if (with_models) {
      EngineOptions options;
      options.durability = durability;
      engine = std::move(Engine::Open(dir, options)).value();
      log = &engine->log();
    } else {
      bare = OpenLog(dir);
      log = bare.get();
    }
    state.ResumeTiming();
    writer_cpu.Start(*log);
    std::atomic<uint64_t> done{0};
    std::mutex failure_mu;
    auto t0 = Clock::now();
    auto run = [&](int who) {
      for (size_t i = 0; i < share[who].size(); ++i) {
        NewEvent n = share[who][i];
        n.id = EventId::Generate();
        auto r = log->Append(streams[who][i], ExpectedVersion::Any(), {std::move(n)},
                             AppendOptions{durability});
        if (!r.ok()) {
          std::lock_guard lock(failure_mu);
          failure = r.status().ToString();
          return;
        }
        done.fetch_add(1, std::memory_order_relaxed);
      }
    };
    std::vector<std::thread> threads;
    for (int who = 1; who < appenders; ++who) threads.emplace_back(run, who);
    run(0);
    for (auto& t : threads) t.join();
    seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    appended += done.load();
    state.PauseTiming();
    writer_cpu.Report(state, *log);
    if (engine) {
      // The read models' share of the writer's time (EngineMetrics::apply_seconds).
      auto apply = engine->Metrics().apply_seconds;
      state.counters["apply_us_per_event"] =
          apply.sum * 1e6 / static_cast<double>(std::max<uint64_t>(1, done.load()));
    }
    engine.reset();
    bare.reset();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
    if (!failure.empty()) {
      state.SkipWithError(failure.c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(appended));
  const double rate = static_cast<double>(appended) / std::max(1e-9, seconds);
  state.counters["appends_per_s"] = rate;
  const std::string baseline = "bare_log_append_" + std::to_string(appenders);
  if (!with_models)
    SetBaseline(baseline, rate);
  else
    ReportRatio(state, rate, baseline, "x_bare_log");
}
BENCHMARK(BM_Append)
    ->Name("ReadModels/Append")
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({0, 16})
    ->Args({1, 16})
    ->ArgNames({"models", "appenders"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Each timed rebuild starts from a compacted store: otherwise every other
// run also paid for RocksDB compacting the generation before's files
// (420-450k against 540-630k events/s, alternating with the generation's
// parity; docs/benchmarks.md, "Rebuilds from a compacted store").
void BM_Rebuild(benchmark::State& state) {
  auto& q = Q();
  for (auto _ : state) {
    state.PauseTiming();
    Status compacted = q.engine->log().Compact();
    state.ResumeTiming();
    if (!compacted.ok()) state.SkipWithError(compacted.ToString().c_str());
    Status s = q.engine->Rebuild();
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * q.engine->log().Committed().value));
  state.counters["generation"] = q.engine->Metrics().read_models_generation;
}
BENCHMARK(BM_Rebuild)
    ->Name("ReadModels/Rebuild")
    ->UseRealTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// What reading the whole log costs on its own, on one thread, beside the
// rebuild that must read it all: the envelopes in place (the cheapest
// read there is) and, arg 1, decoded in chunks of 32,768 events as the
// rebuild's reading thread decodes them. A rebuild cannot be faster than
// the decoded read unless its reading is spread over more cores.
void BM_ReadLog(benchmark::State& state) {
  auto& q = Q();
  const bool decoded = state.range(0) != 0;
  const Position end = q.engine->log().Committed();
  uint64_t events = 0, bytes = 0;
  for (auto _ : state) {
    if (!decoded) {
      Status s = q.engine->log().ScanViews(Position{1}, end, [&](const EventView& v) {
        bytes += v.bytes.size();
        ++events;
        return Status::Ok();
      });
      if (!s.ok()) state.SkipWithError(s.ToString().c_str());
      continue;
    }
    constexpr size_t kChunk = 32'768;  // the rebuild's (kEventsPerChunk)
    for (Position next{1}; next <= end;) {
      auto chunk = q.engine->log().ReadAll(next, kChunk);
      if (!chunk.ok() || chunk->empty()) {
        state.SkipWithError(chunk.ok() ? "the log ended early" : chunk.status().ToString().c_str());
        break;
      }
      for (const auto& e : *chunk) bytes += e.actor.size();
      events += chunk->size();
      next = Position{chunk->back().position.value + 1};
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_ReadLog)
    ->Name("ReadModels/ReadLog")
    ->Arg(0)
    ->Arg(1)
    ->ArgName("decoded")
    ->UseRealTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridledger::bench
