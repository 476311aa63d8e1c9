// Engine (domain) benchmarks: full case loops through the facade, resident
// and worker queries with latency percentiles, and read-model rebuild
// beside raw log iteration of the same store, measured in one run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench_support.h"
#include "gridledger/demo.h"
#include "gridledger/engine.h"

namespace {

using namespace gridledger;
using namespace gridledger::bench;
using Clock = std::chrono::steady_clock;

// The demo community (60 days) seeded once per process, shared by the
// query and rebuild benchmarks.
struct DemoStore {
  std::string dir = FreshDir("demo");
  DemoSummary summary;
  uint64_t engine_heap_bytes = 0;  // heap in use added by Engine::Open
  std::unique_ptr<Engine> engine;
  std::vector<std::pair<std::string, std::string>> codes;  // case id, query code
  DemoStore() {
    DemoOptions options;
    options.days = 60;
    options.requests_per_day = 60;
    summary = std::move(SeedDemo(dir, options)).value();
    const uint64_t before = HeapBytesInUse();
    engine = std::move(Engine::Open(dir)).value();
    const uint64_t after = HeapBytesInUse();
    engine_heap_bytes = after > before ? after - before : 0;
  }
  ~DemoStore() {
    engine.reset();
    std::filesystem::remove_all(dir);
  }
};

// Closed at the end of the run, before the scratch root is removed.
DemoStore& Demo() { return RunShared<DemoStore>(); }

void SeedRegistry(Engine& e) {
  const Actor sys = Actor::System("bench");
  (void)e.Record(sys, cmd::DefineGrid{{"411302001", "新华街道", GridKind::kStreet, "", 0}});
  (void)e.Record(
      sys, cmd::DefineGrid{{"411302001001", "文化社区", GridKind::kCommunity, "411302001", 0}});
  (void)e.Record(
      sys, cmd::DefineGrid{{"41130200100101", "第一网格", GridKind::kGrid, "411302001001", 0}});
  (void)e.Record(
      sys, cmd::RegisterPlace{{"p1", "41130200100101", "文化小区", PlaceKind::kCompound, ""}});
  (void)e.Record(sys,
                 cmd::AssignWorker{{"w1", "张敏", Role::kFullTimeWorker, "41130200100101", ""}});
  (void)e.Record(sys, cmd::AssignWorker{{"l1", "李强", Role::kGridLeader, "41130200100101", ""}});
}

// One whole closed loop per iteration: file, acknowledge, handle, report,
// verify, close, follow up (7 commands, 9 events), each durable.
void BM_CaseLoop(benchmark::State& state) {
  std::string dir = FreshDir("loop");
  EngineOptions options;
  options.durability = state.range(0) ? Durability::kDurable : Durability::kBuffered;
  auto engine = std::move(Engine::Open(dir, options)).value();
  SeedRegistry(*engine);
  int i = 0;
  for (auto _ : state) {
    FileCase f;
    f.category = "sewer";
    f.description = "下水道堵了";
    f.location.place_id = "p1";
    f.reporter_phone = "1380000" + std::to_string(1000 + (i++ % 9000));
    auto r = engine->File(Actor::Resident(), f);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    const std::string& id = r->case_id;
    bool ok = engine->Execute(Actor::Worker("w1"), cmd::Acknowledge{id}).ok() &&
              engine->Execute(Actor::Worker("w1"), cmd::Handle{id, "疏通", {}}).ok() &&
              engine->Execute(Actor::Worker("w1"), cmd::ReportBack{id, "已疏通"}).ok() &&
              engine->Execute(Actor::Worker("l1"), cmd::VerifyOnSite{id, true, ""}).ok() &&
              engine->Execute(Actor::Worker("l1"), cmd::Close{id, ""}).ok() &&
              engine->Execute(Actor::Worker("w1"), cmd::FollowUp{id, 5, "", true}).ok();
    if (!ok) {
      state.SkipWithError("loop step failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["commands_per_s"] =
      benchmark::Counter(7.0 * state.iterations(), benchmark::Counter::kIsRate);
  engine.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CaseLoop)
    ->Name("Engine/CaseLoop")
    ->Arg(1)
    ->Arg(0)
    ->ArgName("durable")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A resident looking up their case with its query code (the kiosk's path).
void BM_CaseViewLookup(benchmark::State& state) {
  auto& demo = Demo();
  std::vector<double> us;
  us.reserve(1 << 16);
  for (auto _ : state) {
    auto t0 = Clock::now();
    auto v = demo.engine->LookupCase(demo.summary.sample_case_id, demo.summary.sample_query_code);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!v.ok()) {
      state.SkipWithError(v.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
  ReportPercentiles(state, ComputePercentiles(us));
}
BENCHMARK(BM_CaseViewLookup)->Name("Engine/CaseViewLookup")->UseRealTime();

// A worker reading a case (no query code, authorisation from the registry).
void BM_GetCase(benchmark::State& state) {
  auto& demo = Demo();
  std::vector<double> us;
  const Actor leader = Actor::Worker("l-01");
  for (auto _ : state) {
    auto t0 = Clock::now();
    auto v = demo.engine->GetCase(leader, demo.summary.sample_case_id);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
  ReportPercentiles(state, ComputePercentiles(us));
}
BENCHMARK(BM_GetCase)->Name("Engine/GetCase")->UseRealTime();

// A grid's work queue, most urgent first.
void BM_WorkQueue(benchmark::State& state) {
  auto& demo = Demo();
  std::vector<double> us;
  const Actor leader = Actor::Worker("l-01");
  size_t n = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    auto q = demo.engine->WorkQueue(leader, "41130200100101");
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    n = q.ok() ? q->size() : 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["queue_len"] = static_cast<double>(n);
  ReportPercentiles(state, ComputePercentiles(us));
}
BENCHMARK(BM_WorkQueue)->Name("Engine/WorkQueue")->UseRealTime();

// Raw iteration of the demo log (decode only) vs. rebuilding every read
// model from it: the cost of projection beside the cost of reading.
void BM_LogIteration(benchmark::State& state) {
  auto& demo = Demo();
  uint64_t events = 0;
  for (auto _ : state) {
    Status s = demo.engine->log().ScanAll(Position{1}, demo.engine->log().Committed(),
                                          [&](const RecordedEvent&) {
                                            ++events;
                                            return Status::Ok();
                                          });
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["stored_events"] = static_cast<double>(demo.engine->log().Committed().value);
}
BENCHMARK(BM_LogIteration)
    ->Name("Engine/LogIteration")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// What the in-memory read models cost: heap bytes in use added by opening
// the engine on the demo store (read models rebuilt from the log, plus what
// the store holds open), per case and per stored event. Heap in use, not
// RSS: the seeding before it freed memory that the open then reuses.
void BM_Memory(benchmark::State& state) {
  auto& demo = Demo();
  for (auto _ : state) benchmark::DoNotOptimize(demo.engine_heap_bytes);
  const double events = static_cast<double>(demo.engine->log().Committed().value);
  const double heap = static_cast<double>(demo.engine_heap_bytes);
  state.counters["engine_heap_mib"] = heap / (1 << 20);
  state.counters["cases"] = static_cast<double>(demo.summary.cases);
  state.counters["stored_events"] = events;
  state.counters["heap_bytes_per_case"] = heap / static_cast<double>(demo.summary.cases);
  state.counters["heap_bytes_per_event"] = heap / events;
}
BENCHMARK(BM_Memory)->Name("Engine/Memory")->Iterations(1);

void BM_Rebuild(benchmark::State& state) {
  auto& demo = Demo();
  for (auto _ : state) {
    Status s = demo.engine->Rebuild();
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * demo.engine->log().Committed().value));
}
BENCHMARK(BM_Rebuild)->Name("Engine/Rebuild")->UseRealTime()->Unit(benchmark::kMillisecond);

// Seeding the demo community (the simulation used by the kiosk's --demo).
void BM_SeedDemo(benchmark::State& state) {
  uint64_t events = 0;
  for (auto _ : state) {
    std::string dir = FreshDir("seed");
    DemoOptions options;
    options.days = 30;
    auto s = SeedDemo(dir, options);
    if (!s.ok()) {
      state.SkipWithError(s.status().ToString().c_str());
      break;
    }
    events += s->events;
    std::filesystem::remove_all(dir);
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_SeedDemo)
    ->Name("Engine/SeedDemo30Days")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
