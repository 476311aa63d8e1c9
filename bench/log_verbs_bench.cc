// The log's newer verbs (docs/benchmarks.md, "Filters, multi-stream appends,
// time seeks"):
//   * Filter/CatchUp: a new subscription catching up on a log of
//     GL_BENCH_FILTER_EVENTS events (default 1,000,000) unfiltered, and
//     filtered by grid code at 1 %, 10 % and 100 % selectivity; the
//     x_unfiltered counter is the speed-up over the unfiltered run of the
//     same process.
//   * Log/AppendMulti: durable multi-stream appends of 2 and 10 streams (one
//     event each) beside single-stream appends of 1, 2 and 10 events.
//   * Log/SeekTime: the latency of EventLog::SeekTime at a random time in a
//     log of 1 M events (10 M with GL_BENCH_SEEK_10M=1), one commit group
//     per 10 events, recorded 1 ms apart.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include "bench_support.h"
#include "gridledger/event_log.h"

namespace gl = gridledger;
using namespace gridledger::bench;

namespace {

// ---- filtered catch-up -------------------------------------------------------

constexpr const char* kRareGrid = "41130200100199";    // 1 % of the events
constexpr const char* kSomeGrid = "41130200100198";    // 9 % more
constexpr const char* kCommonGrid = "41130200100101";  // the other 90 %

uint64_t FilterEvents() {
  const char* v = std::getenv("GL_BENCH_FILTER_EVENTS");
  return v ? std::strtoull(v, nullptr, 10) : 1000000;
}

struct FilterFixture {
  std::string dir;
  std::unique_ptr<gl::EventLog> log;
  uint64_t events = 0;
  FilterFixture() {
    dir = FreshDir("log-filter");
    log = OpenLog(dir);
    const uint64_t n = FilterEvents();
    const gl::AppendOptions buffered{.durability = gl::Durability::kBuffered};
    constexpr uint64_t kChunk = 1000;
    for (uint64_t i = 0; i < n; i += kChunk) {
      std::vector<gl::NewEvent> events;
      for (uint64_t k = i; k < std::min(n, i + kChunk); ++k) {
        gl::NewEvent e = SampleEvent(static_cast<int>(k % 64));
        uint64_t bucket = k % 100;
        e.grid_code = bucket == 0 ? kRareGrid : bucket < 10 ? kSomeGrid : kCommonGrid;
        events.push_back(std::move(e));
      }
      auto r = log->Append(gl::StreamId{"case-" + std::to_string((i / kChunk) % 5000)},
                           gl::ExpectedVersion::Any(), std::move(events), buffered);
      if (!r.ok()) Die(r.status().ToString());
    }
    if (auto s = log->Compact(); !s.ok()) Die(s.ToString());
    events = log->Committed().value;
  }
  ~FilterFixture() {
    log.reset();
    RemoveDir(dir);
  }
};

gl::EventFilter FilterFor(int64_t percent) {
  switch (percent) {
    case 1:
      return {.grid_codes = {kRareGrid}};
    case 10:
      return {.grid_codes = {kRareGrid, kSomeGrid}};
    case 100:
      return {.grid_codes = {"411302"}};  // the district: every event, through the filter path
    case -1:
      return {.grid_codes = {"999999"}};  // nothing: the floor of a filtered scan
    default:
      return {};  // 0: unfiltered
  }
}

void BM_FilteredCatchUp(benchmark::State& state) {
  FilterFixture& f = RunShared<FilterFixture>();
  const int64_t percent = state.range(0);
  uint64_t delivered = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    std::atomic<uint64_t> handled{0};
    gl::SubscriptionOptions options;
    options.filter = FilterFor(percent);
    auto sub = f.log->Subscribe(options, [&](const gl::RecordedEvent& e) {
      handled.fetch_add(1, std::memory_order_relaxed);
      benchmark::DoNotOptimize(e.position);
      return gl::Status::Ok();
    });
    if (!sub.ok()) {
      state.SkipWithError(sub.status().ToString().c_str());
      break;
    }
    if (!(*sub)->WaitUntilHandled(gl::Position{f.events}, std::chrono::minutes(5)))
      state.SkipWithError("subscription did not catch up");
    (*sub)->Stop();
    delivered = handled.load();
  }
  // Events of the log looked at per second (the log's length / catch-up time).
  double eps = timer.EventsPerSecond(state, static_cast<double>(f.events));
  if (percent == 0)
    SetBaseline("catchup_unfiltered", eps);
  else
    ReportRatio(state, eps, "catchup_unfiltered", "x_unfiltered");
  state.counters["log_events"] = static_cast<double>(f.events);
  state.counters["delivered"] = static_cast<double>(delivered);
  state.SetItemsProcessed(state.iterations() * f.events);
}

// ---- multi-stream appends ----------------------------------------------------

struct AppendFixture {
  std::string dir;
  std::unique_ptr<gl::EventLog> log;
  AppendFixture() {
    dir = FreshDir("log-multi");
    log = OpenLog(dir);
  }
  ~AppendFixture() {
    log.reset();
    RemoveDir(dir);
  }
};

// range(0) streams with one event each, in one AppendMulti (durable).
void BM_AppendMulti(benchmark::State& state) {
  AppendFixture& f = RunShared<AppendFixture>();
  const int streams = static_cast<int>(state.range(0));
  const gl::NewEvent event = SampleEvent();
  uint64_t round = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    std::vector<gl::StreamAppend> parts;
    for (int s = 0; s < streams; ++s)
      parts.push_back({gl::StreamId{"m" + std::to_string(streams) + "-" +
                                    std::to_string((round * streams + s) % 10000)},
                       gl::ExpectedVersion::Any(),
                       {event}});
    ++round;
    auto r = f.log->AppendMulti(std::move(parts));
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  double eps = timer.EventsPerSecond(state, streams);
  state.counters["events_per_s"] = eps;
  state.counters["appends_per_s"] = eps / streams;
  ReportRatio(state, eps / streams, "append_single", "x_single_appends");
  state.SetItemsProcessed(state.iterations() * streams);
}

// range(0) events in one Append to one stream (durable).
void BM_AppendOneStream(benchmark::State& state) {
  AppendFixture& f = RunShared<AppendFixture>();
  const int n = static_cast<int>(state.range(0));
  const std::vector<gl::NewEvent> events(n, SampleEvent());
  uint64_t round = 0;
  WallTimer timer;
  timer.Start();
  for (auto _ : state) {
    auto r = f.log->Append(gl::StreamId{"one-" + std::to_string(round++ % 10000)},
                           gl::ExpectedVersion::Any(), events);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
  }
  double eps = timer.EventsPerSecond(state, n);
  state.counters["events_per_s"] = eps;
  state.counters["appends_per_s"] = eps / n;
  if (n == 1) SetBaseline("append_single", eps);
  state.SetItemsProcessed(state.iterations() * n);
}

// ---- time seeks ----------------------------------------------------------------

struct SeekFixture {
  std::string dir;
  std::unique_ptr<gl::ManualClock> clock;
  std::unique_ptr<gl::EventLog> log;
  uint64_t events = 0;
  gl::Timestamp first{}, last{};
  double build_seconds = 0;
  explicit SeekFixture(uint64_t n) {
    dir = FreshDir("log-seek");
    first = gl::FromMicros(1795411134000000);
    clock = std::make_unique<gl::ManualClock>(first);
    gl::LogOptions options;
    options.clock = clock.get();
    auto opened = gl::EventLog::Open(dir, options);
    if (!opened.ok()) Die(opened.status().ToString());
    log = std::move(opened).value();
    const gl::AppendOptions buffered{.durability = gl::Durability::kBuffered};
    const std::vector<gl::NewEvent> chunk(10, SizedEvent(200));
    auto start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < n; i += chunk.size()) {
      clock->Advance(std::chrono::milliseconds(1));
      auto r = log->Append(gl::StreamId{"s-" + std::to_string((i / 10) % 100000)},
                           gl::ExpectedVersion::Any(), chunk, buffered);
      if (!r.ok()) Die(r.status().ToString());
    }
    if (auto s = log->Compact(); !s.ok()) Die(s.ToString());
    build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    last = clock->Now();
    events = log->Committed().value;
  }
  ~SeekFixture() {
    log.reset();
    RemoveDir(dir);
  }
};

struct Seek1M : SeekFixture {
  Seek1M() : SeekFixture(1000000) {}
};
struct Seek10M : SeekFixture {
  Seek10M() : SeekFixture(10000000) {}
};

void BM_SeekTime(benchmark::State& state) {
  if (state.range(0) == 10 && !std::getenv("GL_BENCH_SEEK_10M")) {
    state.SkipWithError("10 M events: set GL_BENCH_SEEK_10M=1 (builds ~2 GB)");
    return;
  }
  SeekFixture& f = state.range(0) == 10 ? static_cast<SeekFixture&>(RunShared<Seek10M>())
                                        : static_cast<SeekFixture&>(RunShared<Seek1M>());
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int64_t> pick(gl::ToMicros(f.first), gl::ToMicros(f.last));
  std::vector<double> us;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto p = f.log->SeekTime(gl::FromMicros(pick(rng)));
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!p.ok()) state.SkipWithError(p.status().ToString().c_str());
    benchmark::DoNotOptimize(p);
  }
  ReportPercentiles(state, ComputePercentiles(us));
  state.counters["log_events"] = static_cast<double>(f.events);
  state.counters["build_s"] = f.build_seconds;
}

// Then reading the 100 events from the found position: "since T" end to end.
void BM_SeekTimeAndRead(benchmark::State& state) {
  SeekFixture& f = RunShared<Seek1M>();
  std::mt19937_64 rng(12);
  std::uniform_int_distribution<int64_t> pick(gl::ToMicros(f.first), gl::ToMicros(f.last));
  for (auto _ : state) {
    auto p = f.log->SeekTime(gl::FromMicros(pick(rng)));
    if (!p.ok()) state.SkipWithError(p.status().ToString().c_str());
    auto events = f.log->ReadAll(*p, 100);
    benchmark::DoNotOptimize(events);
  }
}

BENCHMARK(BM_FilteredCatchUp)
    ->Name("Filter/CatchUp")
    ->ArgName("percent")
    ->Arg(0)
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Arg(-1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();
BENCHMARK(BM_AppendOneStream)
    ->Name("Log/AppendOneStream")
    ->ArgName("events")
    ->Arg(1)
    ->Arg(2)
    ->Arg(10)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_AppendMulti)
    ->Name("Log/AppendMulti")
    ->ArgName("streams")
    ->Arg(2)
    ->Arg(10)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_SeekTime)
    ->Name("Log/SeekTime")
    ->ArgName("Mevents")
    ->Arg(1)
    ->Arg(10)
    ->Unit(benchmark::kMicrosecond)
    ->Iterations(20000)
    ->UseRealTime();
BENCHMARK(BM_SeekTimeAndRead)
    ->Name("Log/SeekTimeAndRead100")
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
